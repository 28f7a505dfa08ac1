namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>
/// Packet access through <see cref="Dynptr"/>: reads, writes and slices at offsets the packet itself
/// gives, which the verifier cannot bound and the kernel checks when the program runs.
/// </summary>
public static unsafe class DynptrPrograms
{
    [Xdp("dp_xdp")]
    public static XdpAction Xdp(XdpContext ctx)
    {
        if (ctx.PacketDynptr(out var packet) != 0)
        {
            return XdpAction.Aborted;
        }

        return Edit(ref packet, 0);
    }

    [Tc("dp_tc")]
    public static TcAction Tc(TcContext ctx)
    {
        if (ctx.PacketDynptr(out var packet) != 0 || ctx.MetadataDynptr(out var metadata) != 0)
        {
            return TcAction.Shot;
        }

        return (TcAction)Edit(ref packet, metadata.Size);
    }

    /// <summary>
    /// Writes the packet's size and <paramref name="extra"/> over its first 8 bytes, then copies the 4 bytes at the
    /// offset byte 14 names to bytes 8–11 through a slice: Pass when all went well, Drop when the slice fell outside,
    /// and the negative result of a failed read or write as the action.
    /// </summary>
    private static XdpAction Edit(ref Dynptr packet, uint extra)
    {
        byte at;
        int result = packet.Read(14, &at, 1);
        if (result != 0)
        {
            return (XdpAction)(-result);
        }

        ulong header = packet.Size | (ulong)extra << 32;
        result = packet.Write(0, &header, 8);
        if (result != 0)
        {
            return (XdpAction)(-result);
        }

        uint copy;
        byte* slice = (byte*)packet.Slice(at, &copy, 4);
        if (slice == null)
        {
            return XdpAction.Drop;
        }

        uint word = *(uint*)slice;
        result = packet.Write(8, &word, 4);
        return result == 0 ? XdpAction.Pass : (XdpAction)(-result);
    }
}
