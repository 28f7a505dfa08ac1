using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// Subprogram calls past the five BPF argument registers and subprograms returning structs:
/// SubprogramCallTests runs each in the kernel and as managed code on random packets. Each
/// writes what the subprogram computed into the packet so the comparison sees every bit of it.
/// </summary>
public static unsafe class SubprogramCallPrograms
{
    [Xdp("call_six_args")]
    public static XdpAction SixArguments(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 24 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        long result = Six((sbyte)p[0], (short)(p[1] << 8 | p[2]), *(int*)(p + 4), *(long*)(p + 8), p[3], *(ulong*)(p + 16));
        *(long*)(p + 16) = result;
        return result < 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>Each argument weighted differently, so a swapped or truncated one changes the result.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Six(sbyte a, short b, int c, long d, byte e, ulong f) =>
        a + 3L * b + 5L * c + (d >> 3) + 11L * e - (long)(f >> 7);

    [Xdp("call_seven_args")]
    public static XdpAction SevenArguments(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        uint result = Seven(p[0], (ushort)(p[1] | p[2] << 8), (short)-p[3], p[4] > 127, p[5] & 15, p, ctx.DataEnd);
        *(uint*)(p + 8) = result;
        return (result & 1) == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>The packet pointers are the sixth and seventh arguments: they reach the callee through the argument block and keep their type there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint Seven(byte a, ushort b, short c, bool flag, int index, byte* data, byte* end)
    {
        if (data + index + 1 > end)
        {
            return 7;
        }

        uint mixed = (uint)(a * 31 + b * 7 + c) + data[index];
        return flag ? mixed ^ 0x5A5A : mixed;
    }

    [Xdp("call_ten_args")]
    public static XdpAction TenArguments(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 32 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var pair = new CallPair { First = *(uint*)(p + 20), Second = *(uint*)(p + 24) };
        ulong result = Ten(p[0], (sbyte)p[1], (ushort)(p[2] << 8 | p[3]), (short)(p[4] << 8 | p[5]), *(uint*)(p + 8), *(int*)(p + 12), *(long*)(p + 12), pair, p[6] & 1, (char)p[7]);
        *(ulong*)(p + 24) = result;
        return (result & 3) == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>Ten arguments of every width, one a struct passed by value (its address travels in the block).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Ten(byte a, sbyte b, ushort c, short d, uint e, int f, long g, CallPair h, int i, char j)
    {
        ulong sum = a + (ulong)(long)b * 3 + (ulong)c * 5 + (ulong)(long)d * 7;
        sum += (ulong)e * 11 + (ulong)(long)f * 13 + (ulong)g * 17;
        sum += (ulong)h.First * 19 + h.Second;
        h.First = 0; // the callee's change to its copy must not reach the caller's
        return i == 0 ? sum + j : sum - j;
    }

    [Xdp("call_loop_param")]
    public static XdpAction LoopBoundedByAParameter(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 8 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        uint sum = SumFirst(p, ctx.DataEnd, p[0] & 31);
        *(uint*)(p + 4) = sum;
        return (sum & 1) == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>The loop's only bound is the parameter: the verifier proves it from the caller's 'p[0] &amp; 31'.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint SumFirst(byte* data, byte* end, int count)
    {
        uint sum = 0;
        for (int i = 0; i < count; i++)
        {
            if (data + i + 1 > end)
            {
                break;
            }

            sum = sum * 3 + data[i];
        }

        return sum;
    }

    [Xdp("call_struct16")]
    public static XdpAction StructReturn16(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 24 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var pair = MakeWide(*(ulong*)p, p[8]);
        *(ulong*)(p + 8) = pair.Low;
        *(ulong*)(p + 16) = pair.High;
        return pair.Low > pair.High ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>A 16-byte struct by value, returned from two places.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Wide16 MakeWide(ulong value, byte shift)
    {
        if (shift > 200)
        {
            return new Wide16 { Low = value, High = 0 };
        }

        return new Wide16 { Low = value << (shift & 63), High = value >> (shift & 63) };
    }

    [Xdp("call_struct40")]
    public static XdpAction StructReturn40(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 48 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var record = MakeRecord(*(uint*)p, *(uint*)(p + 4), p[8], (ushort)(p[9] << 8 | p[10]), *(ulong*)(p + 16), (short)p[11]);
        *(Record40*)(p + 8) = record;
        return record.Count > 3 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>A 40-byte struct by value from a subprogram with six arguments: the result buffer and the argument block both.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Record40 MakeRecord(uint source, uint destination, byte protocol, ushort port, ulong stamp, short delta)
    {
        Record40 record = default;
        record.Key.First = source ^ destination;
        record.Key.Second = source + port;
        record.Protocol = protocol;
        record.Count = (byte)(protocol & 7);
        record.Stamp = stamp + (ulong)(long)delta;
        record.Bytes = (ulong)port * protocol;
        record.Flags = (ushort)(port ^ 0xBEEF);
        return record;
    }
}

/// <summary>Two 32-bit halves.</summary>
public struct CallPair
{
    public uint First;
    public uint Second;
}

/// <summary>A 16-byte result.</summary>
public struct Wide16
{
    public ulong Low;
    public ulong High;
}

/// <summary>A 40-byte result with a nested struct and padding.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Record40
{
    public CallPair Key;
    public byte Protocol;
    public byte Count;
    public ushort Flags;
    public ulong Stamp;
    public ulong Bytes;
    public ulong Spare;
}
