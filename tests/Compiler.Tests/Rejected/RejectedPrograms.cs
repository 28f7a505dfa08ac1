using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

#pragma warning disable CS8597 // 'throw null' is the construct under test.

namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>
/// Programs the compiler must refuse, each with the offending line marked by a "rejected:"
/// comment that <see cref="RejectedConstructTests"/> looks up to check the reported line.
/// </summary>
public static unsafe partial class RejectedPrograms
{
    private static readonly uint Seed = (uint)Environment.TickCount; // rejected: static field
    private static readonly float Half = 0.5f; // rejected: float initializer
    private static readonly uint Scaled = (uint)(Half * 3);
    private static readonly int FromObject = new Counter().Start; // rejected: class initializer
    private static readonly int External = NoBody(); // rejected: extern initializer
    private static ArrayMap<ulong> writableMap = new(4);
    private static readonly ArrayMap<ulong> LastPacket = new(1);

    [Xdp("bad_class")]
    public static XdpAction ClassAllocation(XdpContext ctx)
    {
        object box = new object(); // rejected: class allocation
        return box.GetHashCode() == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_virtual")]
    public static XdpAction VirtualCall(XdpContext ctx)
    {
        int hash = ctx.GetHashCode(); // rejected: virtual call
        return hash == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_throw")]
    public static XdpAction Throw(XdpContext ctx)
    {
        if (ctx.Data == ctx.DataEnd)
        {
            throw null; // rejected: throw
        }

        return XdpAction.Pass;
    }

    [Xdp("bad_string")]
    public static XdpAction String(XdpContext ctx)
    {
        string name = "port";
        return name.Length == 4 ? XdpAction.Pass : XdpAction.Drop; // rejected: string
    }

    [Xdp("bad_recursion")]
    public static XdpAction Recursion(XdpContext ctx) => Depth((int)ctx.RxQueueIndex) > 3 ? XdpAction.Drop : XdpAction.Pass;

    private static int Depth(int n) => n == 0 ? 0 : 1 + Depth(n - 1); // rejected: recursion

    [Xdp("bad_stack")]
    public static XdpAction LargeFrame(XdpContext ctx)
    {
        LargeStruct big = default; // rejected: stack frame
        big.Bytes[ctx.RxQueueIndex & 7] = 1;
        return big.Bytes[3] == 1 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_chain_stack")]
    public static XdpAction DeepCallChain(XdpContext ctx) => ChainFirst(ctx.RxQueueIndex) == 2 ? XdpAction.Drop : XdpAction.Pass;

    // Each frame fits in 512 bytes; the two together, as the verifier counts a call chain, do not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ChainFirst(uint index)
    {
        ChainFrame frame = default;
        frame.Bytes[index & 255] = 1;
        return frame.Bytes[3] + ChainSecond(index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ChainSecond(uint index)
    {
        ChainFrame frame = default; // rejected: call chain stack
        frame.Bytes[(index >> 3) & 255] = 1;
        return frame.Bytes[5];
    }

    [Xdp("bad_loop")]
    public static XdpAction UnboundedLoop(XdpContext ctx)
    {
        byte* p = ctx.Data;
        while (p + 1 <= ctx.DataEnd) // rejected: loop
        {
            if (*p == 0)
            {
                break;
            }

            p++;
        }

        return XdpAction.Pass;
    }

    [Xdp("bad_float")]
    public static XdpAction FloatingPoint(XdpContext ctx)
    {
        double scaled = ctx.RxQueueIndex * 1.5; // rejected: floating point
        return scaled > 2 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_packet_address")]
    public static XdpAction PacketAddressIntoMap(XdpContext ctx)
    {
        ulong* slot = LastPacket.Lookup(0);
        if (slot == null)
        {
            return XdpAction.Pass;
        }

        *(byte**)slot = ctx.Data; // rejected: packet address
        return XdpAction.Pass;
    }

    [Xdp("bad_array")]
    public static XdpAction ManagedArray(XdpContext ctx)
    {
        int[] counts = new int[4]; // rejected: array
        return counts[ctx.RxQueueIndex & 3] == 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("bad_checked")]
    public static XdpAction CheckedArithmetic(XdpContext ctx)
    {
        uint next = checked(ctx.RxQueueIndex + 1); // rejected: checked arithmetic
        return next == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_static")]
    public static XdpAction StaticField(XdpContext ctx)
    {
        return ctx.RxQueueIndex == Seed ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_init_float")]
    public static XdpAction FloatInitializer(XdpContext ctx) => ctx.RxQueueIndex == Scaled ? XdpAction.Drop : XdpAction.Pass;

    [Xdp("bad_init_class")]
    public static XdpAction ClassInitializer(XdpContext ctx) => ctx.RxQueueIndex == FromObject ? XdpAction.Drop : XdpAction.Pass;

    [Xdp("bad_init_extern")]
    public static XdpAction ExternInitializer(XdpContext ctx) => ctx.RxQueueIndex == External ? XdpAction.Drop : XdpAction.Pass;

    [Xdp("bad_init_ovf")]
    public static XdpAction CheckedInitializer(XdpContext ctx) => ctx.RxQueueIndex == Overflowing.Value ? XdpAction.Drop : XdpAction.Pass;

    [Xdp("bad_init_gen")]
    public static XdpAction GenericInitializer(XdpContext ctx) => ctx.RxQueueIndex == Holder<int>.Value ? XdpAction.Drop : XdpAction.Pass; // rejected: generic initializer

    [MethodImpl(MethodImplOptions.InternalCall)]
    private static extern int NoBody();

    [Xdp("bad_map")]
    public static XdpAction WritableMap(XdpContext ctx)
    {
        ulong* value = writableMap.Lookup(0); // rejected: map field
        return value == null ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_try")]
    public static XdpAction TryFinally(XdpContext ctx)
    {
        try
        {
            return ctx.RxQueueIndex == 0 ? XdpAction.Pass : XdpAction.Drop; // rejected: try
        }
        finally
        {
            ctx.Header<byte>(0);
        }
    }

    [Xdp("bad_signature")]
    public static int WrongSignature(XdpContext ctx) => ctx.RxQueueIndex == 0 ? 1 : 2; // rejected: signature

    [Xdp("bad-name")]
    public static XdpAction BadName(XdpContext ctx) => ctx.RxQueueIndex == 0 ? XdpAction.Pass : XdpAction.Drop; // rejected: name

    [Xdp("bad_copy_to_data_end")]
    public static XdpAction CopyToDataEnd(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 4 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Unsafe.CopyBlockUnaligned(ctx.DataEnd, p, 4); // rejected: copy to data end
        return XdpAction.Tx;
    }

    [Xdp("bad_copy_too_large")]
    public static XdpAction CopyTooLarge(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 8 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        ulong key;
        Buffer.MemoryCopy(p, &key, sizeof(ulong), 12); // rejected: copy over destination size
        return key == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_managed")]
    public static XdpAction ManagedOnlyMember(XdpContext ctx)
    {
        byte[] packet = ctx.Packet; // rejected: managed only
        return packet.Length > 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    private static readonly Trait<uint> Mark = new("mark_u32");
    private static readonly Trait<ulong> MarkAgain = new("mark_u32");

    [Xdp("bad_trait_size")]
    public static XdpAction TraitOfThreeBytes(XdpContext ctx)
    {
        var value = new ThreeBytes();
        return ctx.Traits.Set(1, value) == 0 ? XdpAction.Pass : XdpAction.Drop; // rejected: trait size
    }

    [Xdp("bad_trait_key")]
    public static XdpAction TraitKeyOutOfRange(XdpContext ctx)
    {
        return ctx.Traits.Delete(64) == 0 ? XdpAction.Pass : XdpAction.Drop; // rejected: trait key
    }

    [Xdp("bad_trait_types")]
    public static XdpAction OneNameTwoTypes(XdpContext ctx)
    {
        ctx.Traits.Set(Mark, 1u);
        return ctx.Traits.Set(MarkAgain, 2UL) == 0 ? XdpAction.Pass : XdpAction.Drop; // rejected: trait types
    }

    [Xdp("bad_span_copy_length")]
    public static XdpAction SpanCopyOfRunTimeLength(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Span<byte> buffer = stackalloc byte[16];
        new ReadOnlySpan<byte>(p, p[0] & 15).CopyTo(buffer); // rejected: span copy of a run-time length
        return buffer[0] == 1 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_span_short_destination")]
    public static XdpAction SpanCopyIntoAShorterSpan(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Span<byte> buffer = stackalloc byte[8];
        new ReadOnlySpan<byte>(p, 16).CopyTo(buffer); // rejected: span copy into a shorter span
        return buffer[0] == 1 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_span_index")]
    public static XdpAction SpanIndexOutOfRange(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Span<byte> buffer = stackalloc byte[8];
        return buffer[p[0] & 15] == 1 ? XdpAction.Drop : XdpAction.Pass; // rejected: span index
    }

    [Xdp("bad_span_slice")]
    public static XdpAction SpanSliceOutOfRange(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, 16);
        packet.Slice(12, 8).Clear(); // rejected: span slice
        return XdpAction.Tx;
    }

    [Xdp("bad_span_packet_index")]
    public static XdpAction PacketSpanIndexedAtRunTime(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new ReadOnlySpan<byte>(p, 16);
        return packet[p[0] & 7] == 1 ? XdpAction.Drop : XdpAction.Pass; // rejected: packet span index
    }

    [Xdp("bad_span_subprogram")]
    public static XdpAction SpanToASubprogram(XdpContext ctx)
    {
        Span<byte> buffer = stackalloc byte[8];
        return FirstByte(buffer) == 1 ? XdpAction.Drop : XdpAction.Pass; // rejected: span to a subprogram
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte FirstByte(Span<byte> bytes) => bytes[0];

    [Xdp("bad_span_masked_loop")]
    public static XdpAction MaskedLoopCounter(XdpContext ctx)
    {
        int sum = 0;
        for (int i = 0; i < 12; i++)
        {
            sum += Digits[(i + 5) & 15]; // rejected: masked loop counter
        }

        return sum == 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("bad_span_loop")]
    public static XdpAction LoopOverATable(XdpContext ctx)
    {
        int sum = 0;
        for (int i = 0; i < 12; i++)
        {
            sum += Digits[i]; // rejected: loop over a span (twelve trips over eight bytes: .NET throws at the ninth)
        }

        return sum == 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    private static ReadOnlySpan<byte> Digits => [1, 2, 3, 4, 5, 6, 7, 8];

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct ThreeBytes
    {
        public byte A;
        public byte B;
        public byte C;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ChainFrame
    {
        public fixed byte Bytes[288];
    }

    private struct LargeStruct
    {
        public fixed byte Bytes[600];
    }

    private static class Overflowing
    {
        public static readonly int Value = checked(Largest() + 1); // rejected: checked initializer

        private static int Largest() => int.MaxValue;
    }

    private static class Holder<T>
    {
        public static readonly uint Value = 7;
    }

    private sealed class Counter
    {
        public int Start = 3;
    }
}
