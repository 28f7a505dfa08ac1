using System.Runtime.InteropServices;

namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>A map entry, key and value as the kernel stores them, to write before a sample runs.</summary>
/// <param name="Map">The map's field name (and its name in both objects).</param>
/// <param name="Key">The key's bytes.</param>
/// <param name="Value">The value's bytes.</param>
public sealed record MapEntry(string Map, byte[] Key, byte[] Value)
{
    /// <summary>An entry from typed values: their bytes as the CLR lays them out, which the samples' structs share with C.</summary>
    public static MapEntry Of<TKey, TValue>(string map, TKey key, TValue value)
        where TKey : unmanaged
        where TValue : unmanaged =>
        new(map, MemoryMarshal.AsBytes(new ReadOnlySpan<TKey>(in key)).ToArray(), MemoryMarshal.AsBytes(new ReadOnlySpan<TValue>(in value)).ToArray());
}
