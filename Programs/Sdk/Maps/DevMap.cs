namespace TraitsBpf;

/// <summary>BPF_MAP_TYPE_DEVMAP: interfaces (by index, in slots 0 to maxEntries - 1) XDP programs redirect packets to.</summary>
public sealed class DevMap(int maxEntries) : RedirectTargetMap(maxEntries, keysAreIndexes: true);
