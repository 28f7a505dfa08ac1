namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_XSKMAP: AF_XDP sockets (slot i is usually receive queue i) XDP programs redirect packets to,
/// which user space puts there by socket descriptor.
/// </summary>
/// <param name="maxEntries">How many sockets, from slot 0.</param>
/// <param name="flags">map_flags.</param>
public sealed class XskMap(int maxEntries, MapFlags flags = MapFlags.None) : RedirectTargetMap(maxEntries, keysAreIndexes: true, flags);
