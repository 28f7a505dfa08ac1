using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>An instruction, by index in its function, whose offset or immediate is a kernel field's offset that libbpf relocates (CO-RE).</summary>
internal sealed record EncodedCoreRelocation(int Instruction, KernelFieldAccess Access);
