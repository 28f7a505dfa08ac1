namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>A bloom filter of 32-bit values, filled and asked by the program itself.</summary>
public static unsafe class BloomFilterMapPrograms
{
    /// <summary>Offsets in the test packet: the operation, the value, and where the result goes.</summary>
    public const int Operation = 0, ValueAt = 14, StatusAt = 18, PacketLength = 22;

    /// <summary>Room for far more values than the test pushes, so that a false positive is next to impossible.</summary>
    public static readonly BloomFilterMap<uint> Seen = new(4096, MapFlags.None, hashFunctions: 3);

    /// <summary>Byte 0 even pushes the value at <see cref="ValueAt"/>, odd asks for it; the helper's result goes to <see cref="StatusAt"/>.</summary>
    [Xdp("m_bloom_filter")]
    public static XdpAction Run(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketLength > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint value = *(uint*)(data + ValueAt);
        *(int*)(data + StatusAt) = (data[Operation] & 1) == 0 ? Seen.Push(value) : Seen.Peek(value);
        return XdpAction.Pass;
    }
}
