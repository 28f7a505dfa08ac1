using System.Runtime.InteropServices;
using TraitsBpf.Abi;

namespace TraitsBpf.Sockets;

/// <summary>
/// The traits a service gives a datagram it sends (<see cref="TraitSocket.SendWithTraits"/>):
/// keys and values, set by key or, through a <see cref="TraitNameTable"/>, by name and type, and
/// encoded as the trait store the kernel checks and attaches (docs/traits-abi.md). Start from a
/// request's <see cref="ReceivedTraits"/> to give a reply the request's identifier.
/// </summary>
public sealed class OutgoingTraits
{
    private readonly byte[]?[] values = new byte[]?[TraitKeys.Count];
    private readonly TraitNameTable? names;

    /// <summary>No traits yet; <paramref name="names"/> (usually <see cref="TraitNameTable.FromHost"/>) lets traits be set by name.</summary>
    public OutgoingTraits(TraitNameTable? names = null)
    {
        this.names = names;
    }

    /// <summary>The traits <paramref name="received"/> carried, to send on (a reply with its request's traits).</summary>
    public static OutgoingTraits From(ReceivedTraits received, TraitNameTable? names = null)
    {
        ArgumentNullException.ThrowIfNull(received);
        var traits = new OutgoingTraits(names);
        foreach (int key in received.Keys)
        {
            received.TryGetValue(key, out var value);
            traits.values[key] = value.ToArray();
        }

        return traits;
    }

    /// <summary>Whether no trait is set: such a datagram is sent without traits.</summary>
    public bool IsEmpty => Array.TrueForAll(values, v => v is null);

    /// <summary>Bytes the encoded store takes: the header and every value.</summary>
    public int StoreSize => TraitStoreFormat.HeaderSize + values.Sum(v => v?.Length ?? 0);

    /// <summary>Sets key <paramref name="key"/> to <paramref name="value"/> (empty for a flag), replacing what it held.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is not 0 to 63, or the value is not 0, 2, 4, 8 or 16 bytes.</exception>
    /// <exception cref="InvalidOperationException">The store would outgrow 256 bytes.</exception>
    public OutgoingTraits Set(int key, ReadOnlySpan<byte> value)
    {
        if (!TraitKeys.IsValid(key))
            throw new ArgumentOutOfRangeException(nameof(key), key, $"A trait key is 0 to {TraitKeys.Max}.");
        if (!TraitValueSizes.IsValid(value.Length))
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, $"A trait value is {TraitValueSizes.Description}.");

        int size = StoreSize - (values[key]?.Length ?? 0) + value.Length;
        if (size > TraitStoreFormat.MaxSize)
            throw new InvalidOperationException($"Setting key {key} would make the store {size} bytes; a store holds at most {TraitStoreFormat.MaxSize}.");
        values[key] = value.ToArray();
        return this;
    }

    /// <summary>Sets the trait named <paramref name="name"/> to <paramref name="value"/>.</summary>
    /// <exception cref="KeyNotFoundException">No table of names was given, or it does not know the name.</exception>
    /// <exception cref="InvalidCastException">The trait's registered size is not <typeparamref name="T"/>'s.</exception>
    public unsafe OutgoingTraits Set<T>(string name, T value)
        where T : unmanaged
    {
        var trait = TraitNameLookup.Find(names, name);
        if (trait.Size != sizeof(T))
            throw new InvalidCastException($"Trait '{name}' is {trait.Size} bytes ({trait.TypeName}); {typeof(T).Name} is {sizeof(T)}.");
        return Set(trait.Key, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value)));
    }

    /// <summary>Sets key <paramref name="key"/> as a flag: present, with no value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is not 0 to 63.</exception>
    public OutgoingTraits SetFlag(int key) => Set(key, []);

    /// <summary>Sets the flag named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No table of names was given, or it does not know the name.</exception>
    /// <exception cref="InvalidCastException">The trait is registered with a value, not as a flag.</exception>
    public OutgoingTraits SetFlag(string name)
    {
        var trait = TraitNameLookup.Find(names, name);
        if (trait.Size != 0)
            throw new InvalidCastException($"Trait '{name}' is {trait.Size} bytes ({trait.TypeName}), not a flag.");
        return SetFlag(trait.Key);
    }

    /// <summary>Removes key <paramref name="key"/>; true when it was set.</summary>
    public bool Remove(int key)
    {
        if (!TraitKeys.IsValid(key) || values[key] is null)
            return false;
        values[key] = null;
        return true;
    }

    /// <summary>Removes the trait named <paramref name="name"/>; true when it was set.</summary>
    /// <exception cref="KeyNotFoundException">No table of names was given, or it does not know the name.</exception>
    public bool Remove(string name) => Remove(TraitNameLookup.Find(names, name).Key);

    /// <summary>The store: the header's three size-code planes in the host's byte order, then the values in ascending key order.</summary>
    public byte[] ToStore()
    {
        var store = new byte[StoreSize];
        ulong plane0 = 0, plane1 = 0, plane2 = 0;
        int offset = TraitStoreFormat.HeaderSize;
        for (int key = 0; key < TraitKeys.Count; key++)
        {
            if (values[key] is not { } value)
                continue;
            ulong code = (ulong)TraitSizeCodes.ForSize(value.Length);
            plane0 |= (code & 1) << key;
            plane1 |= ((code >> 1) & 1) << key;
            plane2 |= ((code >> 2) & 1) << key;
            value.CopyTo(store, offset);
            offset += value.Length;
        }

        MemoryMarshal.Write(store, plane0);
        MemoryMarshal.Write(store.AsSpan(8), plane1);
        MemoryMarshal.Write(store.AsSpan(16), plane2);
        return store;
    }
}
