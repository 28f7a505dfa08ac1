namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>A queue and a stack of 32-bit values, pushed, popped and peeked by the program itself.</summary>
public static unsafe class QueueStackMapPrograms
{
    /// <summary>Offsets in the test packet: the operation, the push flags, the value, and where results go.</summary>
    public const int Operation = 0, FlagsAt = 1, ValueAt = 14, StatusAt = 18, ResultAt = 22, PacketLength = 26;

    /// <summary>First in, first out.</summary>
    public static readonly QueueMap<uint> Arrivals = new(6);

    /// <summary>Last in, first out.</summary>
    public static readonly StackMap<uint> Pending = new(4);

    /// <summary>
    /// Byte 0 picks the operation: 0–2 push, pop or peek <see cref="Arrivals"/>, 3–5 the same on
    /// <see cref="Pending"/>; a push takes the value at <see cref="ValueAt"/> and the flags in byte 1.
    /// The helper's result goes to <see cref="StatusAt"/>, a popped or peeked value to <see cref="ResultAt"/>.
    /// </summary>
    [Xdp("m_queue_stack")]
    public static XdpAction Run(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketLength > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint value = *(uint*)(data + ValueAt);
        var flags = (MapUpdate)data[FlagsAt];
        uint taken = 0xEEEEEEEE;
        int status = (data[Operation] % 6) switch
        {
            0 => Arrivals.Push(value, flags),
            1 => Arrivals.Pop(out taken),
            2 => Arrivals.Peek(out taken),
            3 => Pending.Push(value, flags),
            4 => Pending.Pop(out taken),
            _ => Pending.Peek(out taken),
        };
        *(int*)(data + StatusAt) = status;
        *(uint*)(data + ResultAt) = taken;
        return XdpAction.Pass;
    }
}
