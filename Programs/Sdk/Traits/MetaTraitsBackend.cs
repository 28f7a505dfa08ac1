namespace TraitsBpf.CompilerServices;

/// <summary>
/// The meta backend of packet traits, for stock kernels: the compiler inlines these methods for
/// <c>ctx.Traits</c> when it compiles with <c>--traits meta</c>. The store is the one
/// <see cref="TraitStore"/> lays out, kept in the XDP metadata area (<c>[data_meta, data)</c>),
/// which the kernel hands on with the packet, behind a <see cref="MetaTraitSeal"/> that every
/// operation validates first, so that an area that no longer holds this packet's store reads as
/// holding no traits rather than as garbage.
/// </summary>
/// <remarks>
/// An XDP program that sets traits reserves <see cref="Room"/> bytes of metadata at entry (the
/// compiler puts <see cref="ReserveXdp"/> in front of the program, before it can hold a packet
/// pointer that growing the area would invalidate). The room cannot grow later, and TC cannot
/// grow it at all: a set that does not fit returns -ENOSPC, as a full store does. The area
/// belongs to the store: a program using this backend must not use the metadata area itself.
/// </remarks>
internal static unsafe class MetaTraitsBackend
{
    /// <summary>
    /// The metadata an XDP program reserves for its traits: the seal, a store header and 88 bytes of values.
    /// It is taken from the headroom, and leaves the 88 bytes of a 256-byte headroom (less the
    /// xdp_frame) free for <c>AdjustHead</c> to push encapsulation headers into.
    /// </summary>
    public const int Room = Abi.TraitStoreFormat.MetaRoom;

    /// <summary>
    /// Reserves the store at XDP entry: an empty sealed store in <see cref="Room"/> bytes of new
    /// metadata. A packet that already has metadata (a devmap or cpumap program running after the
    /// first) keeps it when it holds a sealed store for this packet, and has it re-initialised to
    /// an empty sealed store otherwise: at XDP this program is the store's writer. A driver without
    /// metadata support leaves no room, so sets fail with -ENOSPC.
    /// </summary>
    public static void ReserveXdp(XdpContext ctx)
    {
        if (ctx.DataMeta == ctx.Data && ctx.AdjustMeta(-Room) != 0)
        {
            return;
        }

        byte* meta = ctx.DataMeta;
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        byte* store = meta + MetaTraitSeal.Size;
        if (store + TraitStore.HeaderSize > data || MetaTraitSeal.IsValid(meta, data, end))
        {
            return;
        }

        *(ulong*)store = 0;
        *(ulong*)(store + 8) = 0;
        *(ulong*)(store + 16) = 0;
        MetaTraitSeal.Write(meta, data, end);
    }

    /// <summary><c>ctx.Traits.TryGet</c>: the value's size or -errno; an area without a valid seal holds no traits (-ENOENT).</summary>
    public static int Get(byte* meta, byte* data, byte* end, ulong key, void* value, long size) =>
        MetaTraitSeal.IsValid(meta, data, end)
            ? TraitStore.Get(meta + MetaTraitSeal.Size, data, key, value, (int)size)
            : TraitStore.Absent(key);

    /// <summary>
    /// <c>ctx.Traits.Set</c>: 0 or -errno, resealing the store after a change. An area without a
    /// valid seal has no room for traits (-ENOSPC, after the argument and flag checks): only the
    /// XDP reservation creates a store.
    /// </summary>
    public static int Set(byte* meta, byte* data, byte* end, ulong key, void* value, long size, ulong flags)
    {
        if (!MetaTraitSeal.IsValid(meta, data, end))
        {
            return TraitStore.Unplaced(key, (int)size, flags);
        }

        int result = TraitStore.Set(meta + MetaTraitSeal.Size, data, key, value, (int)size, flags);
        if (result == 0)
        {
            MetaTraitSeal.Write(meta, data, end);
        }

        return result;
    }

    /// <summary><c>ctx.Traits.Delete</c>: 0 or -errno, resealing the store after a change; an area without a valid seal holds no traits (-ENOENT).</summary>
    public static int Delete(byte* meta, byte* data, byte* end, ulong key)
    {
        if (!MetaTraitSeal.IsValid(meta, data, end))
        {
            return TraitStore.Absent(key);
        }

        int result = TraitStore.Delete(meta + MetaTraitSeal.Size, data, key);
        if (result == 0)
        {
            MetaTraitSeal.Write(meta, data, end);
        }

        return result;
    }
}
