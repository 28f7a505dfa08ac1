using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>A map key as the kernel compares it: by its bytes, padding included.</summary>
internal readonly struct KeyBytes : IEquatable<KeyBytes>
{
    private readonly byte[] bytes;
    private readonly int hash;

    private KeyBytes(byte[] bytes)
    {
        this.bytes = bytes;
        var hasher = new HashCode();
        hasher.AddBytes(bytes);
        hash = hasher.ToHashCode();
    }

    public static unsafe KeyBytes Of<TKey>(in TKey key)
        where TKey : unmanaged
    {
        fixed (TKey* p = &key)
        {
            return new KeyBytes(new ReadOnlySpan<byte>(p, sizeof(TKey)).ToArray());
        }
    }

    public ReadOnlySpan<byte> Span => bytes;

    public unsafe TKey As<TKey>()
        where TKey : unmanaged => MemoryMarshal.Read<TKey>(bytes);

    public bool Equals(KeyBytes other) => bytes.AsSpan().SequenceEqual(other.bytes);

    public override bool Equals(object? obj) => obj is KeyBytes other && Equals(other);

    public override int GetHashCode() => hash;
}
