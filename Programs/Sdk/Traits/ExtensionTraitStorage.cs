namespace TraitsBpf;

/// <summary>
/// The store of an sk_buff on a kernel with the trait kfuncs (a TC program's packet): a
/// 256-byte skb extension that the first successful set creates and deleting the last key drops.
/// </summary>
internal sealed unsafe class ExtensionTraitStorage : TraitStorage
{
    /// <summary>Room for the header and one largest value: what a first set can need.</summary>
    private const int FirstSetRoom = TraitStore.HeaderSize + 16;

    /// <summary>The extension's bytes, or null when the packet has none.</summary>
    private byte[]? extension;

    /// <summary>Starts with a copy of <paramref name="store"/> (header and values), or with no store when it is empty.</summary>
    /// <exception cref="ArgumentException"><paramref name="store"/> is not a valid trait store.</exception>
    public ExtensionTraitStorage(ReadOnlySpan<byte> store)
    {
        if (store.IsEmpty)
        {
            return;
        }

        if (store.Length < TraitStore.HeaderSize || store.Length > TraitStore.MaxSize)
        {
            throw new ArgumentException($"A trait store is {TraitStore.HeaderSize} to {TraitStore.MaxSize} bytes, not {store.Length}.", nameof(store));
        }

        var copy = new byte[TraitStore.MaxSize];
        store.CopyTo(copy);
        fixed (byte* p = copy)
        {
            if (!TraitStore.IsValid(p, store.Length))
            {
                throw new ArgumentException("The bytes are not a trait store: the header's size codes do not add up to its length.", nameof(store));
            }

            if (TraitStore.Size(p) == TraitStore.HeaderSize)
            {
                return;
            }
        }

        extension = copy;
    }

    public override int Get(ulong key, void* value, int valueSize)
    {
        if (extension is null)
        {
            return Absent(key);
        }

        fixed (byte* store = extension)
        {
            return TraitStore.Get(store, store + TraitStore.MaxSize, key, value, valueSize);
        }
    }

    public override int Set(ulong key, void* value, int size, ulong flags)
    {
        if (extension is null)
        {
            // As bpf_skb_trait_set: the extension is allocated only for a set that succeeds.
            byte* first = stackalloc byte[FirstSetRoom];
            new Span<byte>(first, FirstSetRoom).Clear();
            int result = TraitStore.Set(first, first + FirstSetRoom, key, value, size, flags);
            if (result == 0)
            {
                extension = new byte[TraitStore.MaxSize];
                new ReadOnlySpan<byte>(first, FirstSetRoom).CopyTo(extension);
            }

            return result;
        }

        fixed (byte* store = extension)
        {
            return TraitStore.Set(store, store + TraitStore.MaxSize, key, value, size, flags);
        }
    }

    public override int Delete(ulong key)
    {
        if (extension is null)
        {
            return Absent(key);
        }

        fixed (byte* store = extension)
        {
            int result = TraitStore.Delete(store, store + TraitStore.MaxSize, key);
            if (result == 0 && TraitStore.Size(store) == TraitStore.HeaderSize)
            {
                extension = null;
            }

            return result;
        }
    }

    public override byte[] ToArray()
    {
        if (extension is null)
        {
            return [];
        }

        fixed (byte* store = extension)
        {
            return extension.AsSpan(0, TraitStore.Size(store)).ToArray();
        }
    }
}
