using System.Runtime.InteropServices;
using TraitsBpf.Abi;

namespace TraitsBpf.Sockets;

/// <summary>
/// The traits a packet carried to the socket: a trait store (docs/traits-abi.md) decoded into
/// keys and values, read by key or, through a <see cref="TraitNameTable"/>, by name and type.
/// </summary>
public sealed class ReceivedTraits
{
    private readonly byte[] store;
    private readonly int[] offsets = new int[TraitKeys.Count];
    private readonly int[] sizes = new int[TraitKeys.Count];
    private readonly TraitNameTable? names;
    private int[] keys = [];

    private ReceivedTraits(byte[] store, TraitNameTable? names)
    {
        this.store = store;
        this.names = names;
        Array.Fill(sizes, -1);
    }

    /// <summary>No traits: what a packet without traits, or a kernel message without a store, gives.</summary>
    public static ReceivedTraits None { get; } = new([], null);

    /// <summary>The keys present, lowest first.</summary>
    public IReadOnlyList<int> Keys => keys;

    /// <summary>Whether the packet had any trait.</summary>
    public bool IsEmpty => keys.Length == 0;

    /// <summary>The store's bytes as the kernel gave them (empty for <see cref="None"/>).</summary>
    public ReadOnlySpan<byte> Store => store;

    /// <summary>
    /// Decodes <paramref name="store"/>: a header of three planes, then the values of the keys it
    /// names, in ascending key order, exactly filling the store.
    /// </summary>
    /// <param name="store">The payload of a <c>(SOL_BPF, SO_BPF_TRAITS)</c> control message.</param>
    /// <param name="names">The names to read traits by, usually <see cref="TraitNameTable.FromHost"/>.</param>
    /// <exception cref="FormatException">The bytes are not a trait store (a size code 6 or 7, or values that do not fill it).</exception>
    public static ReceivedTraits Parse(ReadOnlySpan<byte> store, TraitNameTable? names = null)
    {
        if (store.Length < TraitStoreFormat.HeaderSize || store.Length > TraitStoreFormat.MaxSize)
            throw new FormatException($"A trait store is {TraitStoreFormat.HeaderSize} to {TraitStoreFormat.MaxSize} bytes; this one is {store.Length}.");

        var result = new ReceivedTraits(store.ToArray(), names);
        var slots = TraitStoreLayout.Read(store);
        foreach (var slot in slots)
        {
            result.offsets[slot.Key] = slot.Offset;
            result.sizes[slot.Key] = slot.Size;
        }

        int length = TraitStoreLayout.Length(slots);
        if (length != store.Length)
            throw new FormatException($"The header names {length} bytes of store but {store.Length} came.");
        result.keys = Enumerable.Range(0, TraitKeys.Count).Where(k => result.sizes[k] >= 0).ToArray();
        return result;
    }

    /// <summary>Whether key <paramref name="key"/> is present (a flag or a value).</summary>
    public bool Contains(int key) => TraitKeys.IsValid(key) && sizes[key] >= 0;

    /// <summary>The value of key <paramref name="key"/> (empty for a flag); false when absent.</summary>
    public bool TryGetValue(int key, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Contains(key))
            return false;
        value = store.AsSpan(offsets[key], sizes[key]);
        return true;
    }

    /// <summary>Whether the trait named <paramref name="name"/> is present.</summary>
    /// <exception cref="KeyNotFoundException">No table of names was given, or it does not know the name.</exception>
    public bool Contains(string name) => Contains(Lookup(name).Key);

    /// <summary>The value of the trait named <paramref name="name"/>, as <typeparamref name="T"/>.</summary>
    /// <returns>False when the packet does not carry the trait.</returns>
    /// <exception cref="KeyNotFoundException">No table of names was given, or it does not know the name.</exception>
    /// <exception cref="InvalidCastException">The trait's registered size is not <typeparamref name="T"/>'s.</exception>
    public unsafe bool TryGet<T>(string name, out T value)
        where T : unmanaged
    {
        var trait = Lookup(name);
        if (trait.Size != sizeof(T))
            throw new InvalidCastException($"Trait '{name}' is {trait.Size} bytes ({trait.TypeName}); {typeof(T).Name} is {sizeof(T)}.");

        value = default;
        if (!TryGetValue(trait.Key, out var bytes))
            return false;
        if (bytes.Length != sizeof(T))
            throw new InvalidCastException($"Trait '{name}' (key {trait.Key}) came with {bytes.Length} bytes; {typeof(T).Name} is {sizeof(T)}.");
        value = MemoryMarshal.Read<T>(bytes);
        return true;
    }

    private Loader.Traits.RegisteredTrait Lookup(string name) => TraitNameLookup.Find(names, name);
}
