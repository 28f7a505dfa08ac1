namespace TraitsBpf.Abi;

/// <summary>Where one present key's value lies in a trait store: its offset from the store's start and its size (0 for a flag).</summary>
/// <param name="Key">The key, 0 to 63.</param>
/// <param name="Offset">The value's first byte, from the store's start (the header's included).</param>
/// <param name="Size">The value's bytes: 0, 2, 4, 8 or 16.</param>
public readonly record struct TraitStoreSlot(int Key, int Offset, int Size);
