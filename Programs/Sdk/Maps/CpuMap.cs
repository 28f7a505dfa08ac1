namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_CPUMAP: CPUs (slot i is CPU i) XDP programs redirect packets to, for the network stack to take
/// them there; user space enables a CPU by giving its slot a queue size. A second XDP program per CPU (the
/// value's program fd) is not supported: the map's value is the 4-byte queue size.
/// </summary>
public sealed class CpuMap(int maxEntries) : RedirectTargetMap(maxEntries, keysAreIndexes: true);
