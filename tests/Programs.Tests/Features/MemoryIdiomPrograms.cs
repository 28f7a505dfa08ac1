using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// The memory idioms and bit operations where a lowering could go subtly wrong, each writing
/// what it did into the packet so that comparing the kernel's output with managed execution
/// checks it: copies of 1 to 17 bytes between odd offsets of the packet and the stack,
/// overlapping moves in both directions and between pointers the compiler cannot relate,
/// fills with a run-time byte, unaligned stack reads and writes, and the bit counts and
/// rotations at their edges (0, the width, negative counts).
/// </summary>
public static unsafe class MemoryIdiomPrograms
{
    /// <summary>The shortest packet the programs change; shorter ones pass untouched.</summary>
    public const int MinimumLength = 200;

    [Xdp("feat_block_copies")]
    public static XdpAction BlockCopies(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        // Through the stack at odd and even offsets, out again at 100 + the source offset.
        byte* s = stackalloc byte[48];
        RoundTrip(p, s, 1, 1, 0);
        RoundTrip(p, s, 2, 3, 1);
        RoundTrip(p, s, 3, 0, 5);
        RoundTrip(p, s, 4, 2, 3);
        RoundTrip(p, s, 5, 7, 8);
        RoundTrip(p, s, 6, 1, 2);
        RoundTrip(p, s, 7, 4, 9);
        RoundTrip(p, s, 8, 0, 8);
        RoundTrip(p, s, 9, 5, 1);
        RoundTrip(p, s, 10, 6, 4);
        RoundTrip(p, s, 11, 3, 7);
        RoundTrip(p, s, 12, 2, 6);
        RoundTrip(p, s, 13, 9, 3);
        RoundTrip(p, s, 14, 8, 16);
        RoundTrip(p, s, 15, 11, 5);
        RoundTrip(p, s, 16, 13, 0);
        RoundTrip(p, s, 17, 12, 15);
        return XdpAction.Tx;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RoundTrip(byte* p, byte* stack, uint size, int from, int at)
    {
        Unsafe.CopyBlockUnaligned(stack + at, p + from, size);
        Unsafe.CopyBlockUnaligned(p + 100 + from + (int)size, stack + at, size);
    }

    [Xdp("feat_block_moves")]
    public static XdpAction BlockMoves(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        // Overlapping moves in the packet: the destination above the source, then below.
        Buffer.MemoryCopy(p + 1, p + 4, 40, 13);
        NativeMemory.Copy(p + 25, p + 20, 11);

        // The same on the stack, then the stack copied out to be compared.
        byte* s = stackalloc byte[32];
        Unsafe.CopyBlock(s, p + 40, 32);
        Unsafe.CopyBlockUnaligned(s + 3, s + 1, 17);
        NativeMemory.Copy(s + 9, s + 2, 15);
        Unsafe.CopyBlockUnaligned(p + 40, s, 32);

        // A source the compiler cannot place against the destination: all loads come first.
        byte* q = p + 80 + (p[0] & 7);
        if (q + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Unsafe.CopyBlockUnaligned(p + 83, q, 16);

        // Fills with a byte known only at run time, at odd offsets and of odd sizes.
        Unsafe.InitBlockUnaligned(p + 121, p[1], 13);
        NativeMemory.Fill(p + 137, 6, p[2]);
        NativeMemory.Clear(p + 147, 9);
        Unsafe.InitBlock(p + 160, 0xA5, 8);
        return XdpAction.Tx;
    }

    [Xdp("feat_unsafe_access")]
    public static XdpAction UnsafeAccess(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        // Unaligned reads and writes on the stack, where the verifier wants aligned accesses.
        byte* s = stackalloc byte[32];
        Unsafe.CopyBlockUnaligned(s, p, 32);
        uint word = Unsafe.ReadUnaligned<uint>(s + 3);
        ulong wide = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref *s, 9));
        Unsafe.WriteUnaligned(s + 1, wide + 1);
        Unsafe.WriteUnaligned(ref s[21], (ushort)(word >> 3));
        Unsafe.CopyBlockUnaligned(p + 100, s, 32);

        // Refs and pointers moved and retyped into the packet.
        ref byte first = ref *p;
        ref uint at40 = ref Unsafe.As<byte, uint>(ref Unsafe.Add(ref first, 40));
        Unsafe.Subtract(ref at40, 1) ^= Unsafe.ReadUnaligned<uint>(p + 41);
        Unsafe.AddByteOffset(ref at40, 3) = Unsafe.Read<uint>(Unsafe.AsPointer(ref first));
        Unsafe.Write(Unsafe.Add<ushort>(p, 30), (ushort)Unsafe.SizeOf<ulong>());
        ref long asRef = ref Unsafe.AsRef<long>(p + 50);
        asRef = ~asRef;
        return XdpAction.Tx;
    }

    [Xdp("feat_bit_operations")]
    public static XdpAction BitOperationsProgram(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        uint x = *(uint*)p;
        ulong y = *(ulong*)(p + 8);
        int n = *(int*)(p + 16);
        int* o = (int*)(p + 100);
        o[0] = BitOperations.TrailingZeroCount(x);
        o[1] = BitOperations.TrailingZeroCount(y);
        o[2] = BitOperations.TrailingZeroCount((int)x);
        o[3] = BitOperations.LeadingZeroCount(x);
        o[4] = BitOperations.LeadingZeroCount(y);
        o[5] = BitOperations.Log2(x);
        o[6] = BitOperations.Log2(y);
        o[7] = (int)BitOperations.RotateLeft(x, n);
        o[8] = (int)BitOperations.RotateRight(x, n);
        o[9] = (int)BitOperations.RotateLeft(x, 0) ^ (int)BitOperations.RotateLeft(x, 31);
        o[10] = (int)BitOperations.RotateRight(x, 32) ^ (int)BitOperations.RotateLeft(x, -1);
        *(ulong*)(o + 11) = BitOperations.RotateLeft(y, n);
        *(ulong*)(o + 13) = BitOperations.RotateRight(y, n) ^ BitOperations.RotateRight(y, 64);
        *(nuint*)(o + 15) = BitOperations.RotateLeft((nuint)y, 33);
        o[17] = BitOperations.TrailingZeroCount((ushort)x) + BitOperations.LeadingZeroCount((nuint)y);
        o[18] = Math.Sign((int)x) + 3 * Math.Sign((long)y) + 9 * Math.Sign((sbyte)p[4]) + 27 * Math.Sign((short)n);
        return XdpAction.Tx;
    }
}
