namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_DEVMAP_HASH: interfaces XDP programs redirect packets to, under any 32-bit key (often the
/// interface index itself), up to maxEntries of them; with <c>programs: true</c> each may hold a DEVMAP program, as
/// <see cref="DevMap"/>.
/// </summary>
/// <param name="maxEntries">How many entries.</param>
/// <param name="flags">map_flags.</param>
/// <param name="programs">Whether entries may hold a program: the value becomes <c>struct bpf_devmap_val</c>, 8 bytes.</param>
public sealed class DevMapHash(int maxEntries, MapFlags flags = MapFlags.None, bool programs = false)
    : ProgramSlotMap(maxEntries, keysAreIndexes: false, flags, programs, XdpAttach.DevMap);
