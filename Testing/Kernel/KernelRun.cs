namespace TraitsBpf.Testing.Kernel;

/// <summary>What one BPF_PROG_TEST_RUN gave: the program's return value and the packet it left.</summary>
public sealed record KernelRun(uint ReturnValue, byte[] Packet);
