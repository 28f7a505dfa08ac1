namespace TraitsBpf.CompilerServices;

/// <summary>
/// The meta backend of packet traits, for stock kernels: the compiler inlines these methods for
/// <c>ctx.Traits</c> when it compiles with <c>--traits meta</c>. The store is the one
/// <see cref="TraitStore"/> lays out, kept at the start of the XDP metadata area
/// (<c>[data_meta, data)</c>), which the kernel hands on to TC ingress with the packet.
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
    /// The metadata an XDP program reserves for its traits: a header and 104 bytes of values.
    /// It is taken from the headroom, and leaves the 88 bytes of a 256-byte headroom (less the
    /// xdp_frame) free for <c>AdjustHead</c> to push encapsulation headers into.
    /// </summary>
    public const int Room = Abi.TraitStoreFormat.MetaRoom;

    /// <summary>
    /// Reserves the store at XDP entry: an empty store in <see cref="Room"/> bytes of new metadata.
    /// A packet that already has metadata (a devmap or cpumap program running after the first)
    /// keeps it as its store; a driver without metadata support leaves no room, so sets fail with -ENOSPC.
    /// </summary>
    public static void ReserveXdp(XdpContext ctx)
    {
        if (ctx.DataMeta != ctx.Data || ctx.AdjustMeta(-Room) != 0)
        {
            return;
        }

        byte* store = ctx.DataMeta;
        if (store + TraitStore.HeaderSize > ctx.Data)
        {
            return;
        }

        *(ulong*)store = 0;
        *(ulong*)(store + 8) = 0;
        *(ulong*)(store + 16) = 0;
    }

    /// <summary><c>ctx.Traits.TryGet</c>: the value's size or -errno, over the store at <paramref name="meta"/>.</summary>
    public static int Get(byte* meta, byte* data, ulong key, void* value, long size) =>
        TraitStore.Get(meta, data, key, value, (int)size);

    /// <summary><c>ctx.Traits.Set</c>: 0 or -errno, over the store at <paramref name="meta"/>.</summary>
    public static int Set(byte* meta, byte* data, ulong key, void* value, long size, ulong flags) =>
        TraitStore.Set(meta, data, key, value, (int)size, flags);

    /// <summary><c>ctx.Traits.Delete</c>: 0 or -errno, over the store at <paramref name="meta"/>.</summary>
    public static int Delete(byte* meta, byte* data, ulong key) =>
        TraitStore.Delete(meta, data, key);
}
