namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_CPUMAP: CPUs (slot i is CPU i) XDP programs redirect packets to, for the network stack to take
/// them there; user space enables a CPU by giving its slot a queue size. With <c>programs: true</c> a slot may also
/// hold a CPUMAP program (<c>[Xdp(name, XdpAttach.CpuMap)]</c>) that runs on that CPU first (<see cref="ProgramSlotMap"/>).
/// </summary>
/// <param name="maxEntries">How many CPUs, from CPU 0.</param>
/// <param name="flags">map_flags.</param>
/// <param name="programs">Whether slots may hold a program: the value becomes <c>struct bpf_cpumap_val</c>, 8 bytes.</param>
public sealed class CpuMap(int maxEntries, MapFlags flags = MapFlags.None, bool programs = false)
    : ProgramSlotMap(maxEntries, keysAreIndexes: true, flags, programs, XdpAttach.CpuMap);
