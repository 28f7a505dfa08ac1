namespace TraitsBpf.Loader;

/// <summary>
/// One record a program wrote with bpf_perf_event_output, as a perf buffer delivers it.
/// </summary>
/// <param name="Cpu">The CPU whose perf buffer held it (the CPU the program ran on).</param>
/// <param name="Data">
/// The record followed by any packet bytes the program appended, then the kernel's padding: perf keeps raw samples
/// 8-byte aligned, so the length is the written length rounded up to 4 past a multiple of 8, and the padding bytes
/// are whatever the buffer held.
/// </param>
public sealed record PerfEventRecord(int Cpu, byte[] Data);
