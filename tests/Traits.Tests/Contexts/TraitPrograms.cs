namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary>
/// A program that uses <c>ctx.Traits</c>, run both as managed code and compiled with the meta
/// backend in the kernel. It writes what its trait calls returned into the packet so the
/// comparison sees it.
/// </summary>
public static unsafe class TraitPrograms
{
    /// <summary>A packet id, named: its key comes from the registry.</summary>
    public static readonly Trait<ulong> PacketId = new("packet_id");

    /// <summary>The integer key the program also uses directly.</summary>
    public const int PortKey = 5;

    /// <summary>
    /// Sets the named 8-byte trait from the packet, a 2-byte integer key with flags from the
    /// packet and, when the packet says so, a 4-byte key; reads the id back; deletes the 2-byte
    /// key when the packet says so; reports every result in bytes 16–39.
    /// </summary>
    [Xdp("tr_tag")]
    public static XdpAction Tag(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 40 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        ulong id = *(ulong*)data;
        ushort port = *(ushort*)(data + 8);
        int named = ctx.Traits.Set(PacketId, id);
        int extra = data[10] != 0 ? ctx.Traits.Set(PortKey + 1, (uint)id) : 1;
        int keyed = ctx.Traits.Set(PortKey, port, (TraitFlags)data[11]);
        bool found = ctx.Traits.TryGet(PacketId, out ulong back);
        int deleted = data[12] != 0 ? ctx.Traits.Delete(PortKey) : 1;
        *(int*)(data + 16) = named;
        *(int*)(data + 20) = extra;
        *(int*)(data + 24) = keyed;
        *(int*)(data + 28) = deleted;
        *(ulong*)(data + 32) = found ? back : 0xFFFF;
        return XdpAction.Pass;
    }
}
