namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_XSKMAP: AF_XDP sockets (slot i is usually receive queue i) XDP programs redirect packets to,
/// which user space puts there by socket descriptor.
/// </summary>
public sealed class XskMap(int maxEntries) : RedirectTargetMap(maxEntries, keysAreIndexes: true);
