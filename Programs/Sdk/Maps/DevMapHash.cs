namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_DEVMAP_HASH: interfaces XDP programs redirect packets to, under any 32-bit key (often the
/// interface index itself), up to maxEntries of them.
/// </summary>
public sealed class DevMapHash(int maxEntries) : RedirectTargetMap(maxEntries, keysAreIndexes: false);
