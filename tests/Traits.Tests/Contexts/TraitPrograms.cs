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

    /// <summary>A flag, named.</summary>
    public static readonly Trait<TraitFlag> Sampled = new("sampled");

    /// <summary>The integer key the program also uses directly.</summary>
    public const int PortKey = 5;

    /// <summary>
    /// Sets the named 8-byte trait from the packet; the named flag and a 4-byte integer key when
    /// the packet says so; a 2-byte integer key with flags from the packet; reads the id and the
    /// flag back; deletes the 2-byte key when the packet says so; reports every result in bytes 16–47.
    /// </summary>
    [Xdp("tr_tag")]
    public static XdpAction Tag(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 48 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        ulong id = *(ulong*)data;
        ushort port = *(ushort*)(data + 8);
        int named = ctx.Traits.Set(PacketId, id);
        int flag = (data[10] & 1) != 0 ? ctx.Traits.Set(Sampled, default(TraitFlag)) : 1;
        int wide = (data[10] & 2) != 0 ? ctx.Traits.Set(PortKey + 1, (uint)id) : 1;
        int keyed = ctx.Traits.Set(PortKey, port, (TraitFlags)data[11]);
        bool found = ctx.Traits.TryGet(PacketId, out ulong back);
        bool flagged = ctx.Traits.TryGet(Sampled, out TraitFlag _);
        int deleted = data[12] != 0 ? ctx.Traits.Delete(PortKey) : 1;
        *(int*)(data + 16) = named;
        *(int*)(data + 20) = flag;
        *(int*)(data + 24) = keyed;
        *(int*)(data + 28) = deleted;
        *(ulong*)(data + 32) = found ? back : 0xFFFF;
        *(int*)(data + 40) = wide;
        *(int*)(data + 44) = flagged ? 1 : 0;
        return XdpAction.Pass;
    }

    /// <summary>
    /// Reads every key as an 8-byte value and reports in bytes 0–11 how many were found and the
    /// XOR of their values: over a metadata area that holds no store sealed for this packet, both are 0.
    /// It sets nothing, so the meta backend reserves nothing and reads the area it is given.
    /// </summary>
    [Xdp("tr_read_all")]
    public static XdpAction ReadAll(XdpContext ctx)
    {
        int found = 0;
        ulong values = 0;
        for (int key = 0; key <= 63; key++)
        {
            if (ctx.Traits.TryGet(key, out ulong value))
            {
                found++;
                values ^= value;
            }
        }

        byte* data = ctx.Data;
        if (data + 12 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(int*)data = found;
        *(ulong*)(data + 4) = values;
        return XdpAction.Pass;
    }

    /// <summary>The integer key <see cref="SetOne"/> sets.</summary>
    public const int SetOneKey = 9;

    /// <summary>Sets key <see cref="SetOneKey"/> to the packet's first 8 bytes and reports the result in bytes 8–11.</summary>
    [Xdp("tr_set_one")]
    public static XdpAction SetOne(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 12 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        int result = ctx.Traits.Set(SetOneKey, *(ulong*)data);
        data = ctx.Data;
        if (data + 12 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(int*)(data + 8) = result;
        return XdpAction.Pass;
    }
}
