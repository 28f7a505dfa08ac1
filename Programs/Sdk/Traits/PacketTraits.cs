using TraitsBpf.CompilerServices;

namespace TraitsBpf;

/// <summary>
/// The packet's traits (<c>ctx.Traits</c>): a small key/value store that travels with the packet
/// from XDP into the sk_buff. Keys are 0–63, given directly or by a <see cref="Trait{T}"/>; a
/// value is a <see cref="TraitFlag"/> (0 bytes) or any unmanaged type of 2, 4, 8 or 16 bytes.
/// Results are the kernel's (docs/traits-abi.md): 0 or a negative errno.
/// </summary>
/// <remarks>
/// In a compiled program each member becomes a trait kfunc call or the meta backend's inlined
/// store code; a value type of another size is a compile error. Run as managed code the store
/// lives where the kfuncs keep it: in the XDP headroom after the xdp_frame, or in a 256-byte
/// sk_buff extension for TC.
/// </remarks>
public sealed unsafe class PacketTraits
{
    private readonly TraitStorage storage;
    private readonly string? readOnlyBecause;

    /// <param name="storage">Where the store lives.</param>
    /// <param name="readOnlyBecause">Why the hook may only read traits (a socket filter's), or null when it may change them.</param>
    internal PacketTraits(TraitStorage storage, string? readOnlyBecause = null)
    {
        this.storage = storage;
        this.readOnlyBecause = readOnlyBecause;
    }

    /// <summary>Sets <paramref name="trait"/> to <paramref name="value"/> (bpf_*_trait_set).</summary>
    /// <returns>0; -EINVAL for bad flags; -EEXIST or -ENOENT when <paramref name="flags"/> is not met; -ENOSPC when the store has no room; -ENOMEM (sk_buff only) when the kernel cannot allocate it.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a trait value size (managed only; a compile error when compiled).</exception>
    [BpfIntrinsic("traits.set")]
    public int Set<T>(Trait<T> trait, in T value, TraitFlags flags = TraitFlags.None)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(trait);
        return Set(trait.Key, value, flags);
    }

    /// <summary>Sets key <paramref name="key"/> (0–63) to <paramref name="value"/> (bpf_*_trait_set).</summary>
    /// <returns>0; -EINVAL for a key outside 0–63 or bad flags; -EEXIST or -ENOENT when <paramref name="flags"/> is not met; -ENOSPC when the store has no room; -ENOMEM (sk_buff only).</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a trait value size (managed only; a compile error when compiled).</exception>
    /// <exception cref="InvalidOperationException">The hook only reads traits (a socket filter; a compile error when compiled).</exception>
    [BpfIntrinsic("traits.set")]
    public int Set<T>(int key, in T value, TraitFlags flags = TraitFlags.None)
        where T : unmanaged
    {
        RequireWritable(nameof(Set));
        int size = TraitValueSize.Of<T>();
        T copy = value;
        return storage.Set(KeyBits(key), &copy, size, (ulong)flags);
    }

    /// <summary>
    /// Reads <paramref name="trait"/> (bpf_*_trait_get). <paramref name="value"/> starts zeroed and
    /// receives the stored bytes; a shorter stored value leaves the rest zero.
    /// </summary>
    /// <returns>True when the trait is present and its value fits in a <typeparamref name="T"/>.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a trait value size (managed only; a compile error when compiled).</exception>
    [BpfIntrinsic("traits.get")]
    public bool TryGet<T>(Trait<T> trait, out T value)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(trait);
        return TryGet(trait.Key, out value);
    }

    /// <summary>
    /// Reads key <paramref name="key"/> (bpf_*_trait_get). <paramref name="value"/> starts zeroed
    /// and receives the stored bytes; a shorter stored value leaves the rest zero.
    /// </summary>
    /// <returns>True when the key is present and its value fits in a <typeparamref name="T"/>; false for an absent or invalid key.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a trait value size (managed only; a compile error when compiled).</exception>
    [BpfIntrinsic("traits.get")]
    public bool TryGet<T>(int key, out T value)
        where T : unmanaged
    {
        int size = TraitValueSize.Of<T>();
        value = default;
        fixed (T* buffer = &value)
        {
            return storage.Get(KeyBits(key), buffer, size) >= 0;
        }
    }

    /// <summary>Removes <paramref name="trait"/> (bpf_*_trait_del).</summary>
    /// <returns>0; -ENOENT when absent; -ENOMEM (sk_buff only).</returns>
    [BpfIntrinsic("traits.del")]
    public int Delete<T>(Trait<T> trait)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(trait);
        return Delete(trait.Key);
    }

    /// <summary>Removes key <paramref name="key"/> (bpf_*_trait_del).</summary>
    /// <returns>0; -ENOENT when absent; -EINVAL for a key outside 0–63; -ENOMEM (sk_buff only).</returns>
    /// <exception cref="InvalidOperationException">The hook only reads traits (a socket filter; a compile error when compiled).</exception>
    [BpfIntrinsic("traits.del")]
    public int Delete(int key)
    {
        RequireWritable(nameof(Delete));
        return storage.Delete(KeyBits(key));
    }

    /// <summary>The store's bytes, header and values; empty when the packet has none (managed only).</summary>
    internal byte[] StoreBytes() => storage.ToArray();

    private void RequireWritable(string operation)
    {
        if (readOnlyBecause is not null)
        {
            throw new InvalidOperationException($"ctx.Traits.{operation}: {readOnlyBecause}");
        }
    }

    /// <summary>The u64 the kfuncs receive: a negative key sign-extends to a huge one, which they refuse.</summary>
    private static ulong KeyBits(int key) => (ulong)(long)key;
}
