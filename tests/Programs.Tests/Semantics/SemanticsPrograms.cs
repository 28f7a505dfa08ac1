namespace TraitsBpf.Programs.Tests.Semantics;

/// <summary>
/// XDP wrappers that read an operation number and two operands from the packet, evaluate them
/// with the <c>*Operations</c> classes and write the result back: [0..4) op, [8..16) a,
/// [16..24) b, [24..32) result.
/// </summary>
public static unsafe class SemanticsPrograms
{
    /// <summary>Bytes a semantics packet needs.</summary>
    public const int PacketSize = 32;

    /// <summary>Evaluates <see cref="Int32Operations"/> in the kernel.</summary>
    [Xdp("sem_int")]
    public static XdpAction RunInt32(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketSize > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(long*)(data + 24) = Int32Operations.Eval(*(int*)data, *(int*)(data + 8), *(int*)(data + 16));
        return XdpAction.Pass;
    }

    /// <summary>Evaluates <see cref="UInt32Operations"/> in the kernel.</summary>
    [Xdp("sem_uint")]
    public static XdpAction RunUInt32(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketSize > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(long*)(data + 24) = UInt32Operations.Eval(*(int*)data, *(uint*)(data + 8), *(uint*)(data + 16));
        return XdpAction.Pass;
    }

    /// <summary>Evaluates <see cref="Int64Operations"/> in the kernel.</summary>
    [Xdp("sem_long")]
    public static XdpAction RunInt64(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketSize > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(long*)(data + 24) = Int64Operations.Eval(*(int*)data, *(long*)(data + 8), *(long*)(data + 16));
        return XdpAction.Pass;
    }

    /// <summary>Evaluates <see cref="UInt64Operations"/> in the kernel.</summary>
    [Xdp("sem_ulong")]
    public static XdpAction RunUInt64(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketSize > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(long*)(data + 24) = UInt64Operations.Eval(*(int*)data, *(ulong*)(data + 8), *(ulong*)(data + 16));
        return XdpAction.Pass;
    }

    /// <summary>Evaluates <see cref="Int16Operations"/> in the kernel.</summary>
    [Xdp("sem_short")]
    public static XdpAction RunInt16(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketSize > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(long*)(data + 24) = Int16Operations.Eval(*(int*)data, *(short*)(data + 8), *(short*)(data + 16));
        return XdpAction.Pass;
    }

    /// <summary>Evaluates <see cref="UInt16Operations"/> in the kernel.</summary>
    [Xdp("sem_ushort")]
    public static XdpAction RunUInt16(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketSize > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(long*)(data + 24) = UInt16Operations.Eval(*(int*)data, *(ushort*)(data + 8), *(ushort*)(data + 16));
        return XdpAction.Pass;
    }

    /// <summary>Evaluates <see cref="SByteOperations"/> in the kernel.</summary>
    [Xdp("sem_sbyte")]
    public static XdpAction RunSByte(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketSize > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(long*)(data + 24) = SByteOperations.Eval(*(int*)data, *(sbyte*)(data + 8), *(sbyte*)(data + 16));
        return XdpAction.Pass;
    }

    /// <summary>Evaluates <see cref="ByteOperations"/> in the kernel.</summary>
    [Xdp("sem_byte")]
    public static XdpAction RunByte(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketSize > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(long*)(data + 24) = ByteOperations.Eval(*(int*)data, *(byte*)(data + 8), *(byte*)(data + 16));
        return XdpAction.Pass;
    }
}
