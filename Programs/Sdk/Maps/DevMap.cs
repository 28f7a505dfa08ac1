namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_DEVMAP: interfaces (by index, in slots 0 to maxEntries - 1) XDP programs redirect packets to. With
/// <c>programs: true</c> a slot may also hold a DEVMAP program (<c>[Xdp(name, XdpAttach.DevMap)]</c>) that runs before
/// the packet leaves (<see cref="ProgramSlotMap"/>).
/// </summary>
/// <param name="maxEntries">How many slots.</param>
/// <param name="flags">map_flags.</param>
/// <param name="programs">Whether slots may hold a program: the value becomes <c>struct bpf_devmap_val</c>, 8 bytes.</param>
public sealed class DevMap(int maxEntries, MapFlags flags = MapFlags.None, bool programs = false)
    : ProgramSlotMap(maxEntries, keysAreIndexes: true, flags, programs, XdpAttach.DevMap);
