using System.Runtime.CompilerServices;

namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>
/// <see cref="Dynptr.FromMemory"/> over a map value (the only memory the verifier accepts) and <see cref="Dynptr.Data"/> into it, at sizes and
/// offsets the packet decides, and <see cref="Dynptr.Data"/> refusing a packet dynptr.
/// </summary>
public static unsafe class MemoryDynptrPrograms
{
    /// <summary>One 32-byte value the program copies the packet into.</summary>
    public static readonly ArrayMap<Block32> Blocks = new(1);

    /// <summary>
    /// Copies the packet's first 32 bytes to <see cref="Blocks"/>, makes a dynptr of <c>data[0] &amp; 63</c> bytes (at most
    /// 32) over it, and writes from byte 32: the result, the word <see cref="Dynptr.Data"/> gives at offset
    /// <c>data[1] &amp; 31</c> (or -1 for null), the size, and whether a packet dynptr's
    /// <see cref="Dynptr.Data"/> is null.
    /// </summary>
    [Xdp("h_dynptr_mem")]
    public static XdpAction Run(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 64 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        Block32* block = Blocks.Lookup(0);
        if (block == null)
        {
            return XdpAction.Aborted;
        }

        Unsafe.CopyBlockUnaligned(block, data, 32);
        uint size = data[0] & 63u;
        uint offset = data[1] & 31u;
        int* results = (int*)(data + 32);
        results[0] = Dynptr.FromMemory(block, size > 32 ? 32 : size, out var inMap);
        byte* word = inMap.Data(offset, 4);
        results[1] = word == null ? -1 : *(int*)word;
        results[2] = (int)inMap.Size;
        results[3] = ctx.PacketDynptr(out var packet) == 0 && packet.Data(0, 4) == null ? 1 : 0;
        return XdpAction.Pass;
    }

    /// <summary>32 bytes.</summary>
    public struct Block32
    {
        /// <summary>The bytes.</summary>
        public fixed byte Bytes[32];
    }
}
