using TraitsBpf.Object;

namespace TraitsBpf.Loader;

/// <summary>A live BPF map: one that belongs to a loaded <see cref="BpfObject"/> or one opened from a pin.</summary>
public interface IBpfMap
{
    /// <summary>The map's name (libbpf's name for object maps, the kernel's for pinned ones).</summary>
    string Name { get; }

    /// <summary>The map type.</summary>
    BpfMapType Type { get; }

    /// <summary>Key size in bytes.</summary>
    int KeySize { get; }

    /// <summary>Value size in bytes, per CPU for per-CPU maps.</summary>
    int ValueSize { get; }

    /// <summary>Maximum number of entries.</summary>
    int MaxEntries { get; }

    /// <summary>The map's file descriptor.</summary>
    int Fd { get; }

    /// <summary>True for per-CPU maps, whose values hold one slot per possible CPU.</summary>
    bool IsPerCpu { get; }

    /// <summary>
    /// Bytes a value buffer for <see cref="Lookup"/> and <see cref="Update"/> must have:
    /// <see cref="ValueSize"/>, or <c>round_up(ValueSize, 8) * possible CPUs</c> for per-CPU maps.
    /// </summary>
    int ValueBufferSize { get; }

    /// <summary>Copies the value stored under <paramref name="key"/> into <paramref name="value"/>; false when the key is absent.</summary>
    bool Lookup(ReadOnlySpan<byte> key, Span<byte> value);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>.</summary>
    void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MapUpdateFlags flags = MapUpdateFlags.Any);

    /// <summary>Removes <paramref name="key"/>; false when it was absent.</summary>
    bool Delete(ReadOnlySpan<byte> key);

    /// <summary>Every key, in the kernel's iteration order. Keys inserted or deleted meanwhile may or may not appear.</summary>
    IEnumerable<byte[]> Keys();
}
