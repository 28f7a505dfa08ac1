using System.Buffers.Binary;

namespace TraitsBpf.Abi;

/// <summary>Reads a trait store's header (docs/traits-abi.md): which keys are present and where their values lie.</summary>
public static class TraitStoreLayout
{
    /// <summary>
    /// The present keys of the store that starts <paramref name="store"/>, lowest first, with their values'
    /// places as its header names them (whether the bytes given hold them is the caller's to check, with
    /// <see cref="Length"/>). Bytes after the header are not looked at.
    /// </summary>
    /// <exception cref="FormatException">Fewer bytes than a header, or a size code no store holds (6 or 7).</exception>
    public static IReadOnlyList<TraitStoreSlot> Read(ReadOnlySpan<byte> store)
    {
        if (store.Length < TraitStoreFormat.HeaderSize)
            throw new FormatException($"A trait store starts with a {TraitStoreFormat.HeaderSize}-byte header; {store.Length} bytes came.");
        // The planes are in the host's byte order, as the kernel wrote them; every host we run on is little-endian.
        ulong plane0 = BinaryPrimitives.ReadUInt64LittleEndian(store);
        ulong plane1 = BinaryPrimitives.ReadUInt64LittleEndian(store[8..]);
        ulong plane2 = BinaryPrimitives.ReadUInt64LittleEndian(store[16..]);
        var slots = new List<TraitStoreSlot>();
        int offset = TraitStoreFormat.HeaderSize;
        for (int key = 0; key < TraitKeys.Count; key++)
        {
            int code = TraitSizeCodes.Of(plane0, plane1, plane2, key);
            if (code == TraitSizeCodes.Absent)
                continue;
            int size = TraitSizeCodes.SizeOf(code);
            if (size < 0)
                throw new FormatException($"Key {key} has size code {code}, which no trait store holds.");
            slots.Add(new TraitStoreSlot(key, offset, size));
            offset += size;
        }

        return slots;
    }

    /// <summary>Bytes of the store <paramref name="slots"/> describe: the header and the values.</summary>
    public static int Length(IReadOnlyList<TraitStoreSlot> slots) =>
        slots.Count == 0 ? TraitStoreFormat.HeaderSize : slots[^1].Offset + slots[^1].Size;
}
