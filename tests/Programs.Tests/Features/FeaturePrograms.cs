using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// Programs that exercise one compiler feature each over arbitrary packets; FeatureTests runs
/// them in the kernel and as managed code on random packets and requires the same result.
/// Each writes what it computed into the packet so the comparison sees it.
/// </summary>
public static unsafe class FeaturePrograms
{
    /// <summary>A BPF subprogram (not inlined) taking packet pointers and a bound.</summary>
    [Xdp("feat_subprog")]
    public static XdpAction Subprogram(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd)
        {
            return XdpAction.Drop;
        }

        uint sum = SumBytes(data, ctx.DataEnd, data[2] & 63);
        *(uint*)(data + 12) = sum ^ Mix(data[0], data[1]);
        return sum > 3000 ? XdpAction.Tx : XdpAction.Pass;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint SumBytes(byte* start, byte* end, int limit)
    {
        uint sum = 0;
        for (int i = 0; i < 48; i++)
        {
            if (i >= limit || start + i + 1 > end)
            {
                break;
            }

            sum += start[i];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint Mix(byte a, byte b) => (uint)(a * 31 + b) << 3;

    /// <summary>Structs: locals, copies, fields, fixed buffers, by-value arguments and returns, sizeof.</summary>
    [Xdp("feat_struct")]
    public static XdpAction Structs(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 32 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        FlowKey key = default;
        key.Source = *(uint*)data;
        key.Destination = *(uint*)(data + 4);
        key.Ports[0] = *(ushort*)(data + 8);
        key.Ports[1] = *(ushort*)(data + 10);
        key.Protocol = data[12];
        FlowKey reversed = Reverse(key);
        FlowKey copy = reversed;
        copy.Protocol++;
        *(uint*)(data + 16) = Hash(key);
        *(uint*)(data + 20) = Hash(reversed);
        *(uint*)(data + 24) = Hash(copy) + (uint)sizeof(FlowKey);
        *(FlowKey*)(data + 16) = key.Protocol == 6 ? reversed : *(FlowKey*)(data + 16);
        return XdpAction.Pass;
    }

    private static FlowKey Reverse(FlowKey key)
    {
        var result = new FlowKey(key.Destination, key.Source) { Protocol = key.Protocol };
        result.Ports[0] = key.Ports[1];
        result.Ports[1] = key.Ports[0];
        return result;
    }

    private static uint Hash(FlowKey key)
    {
        uint h = 2166136261;
        h = (h ^ key.Source) * 16777619;
        h = (h ^ key.Destination) * 16777619;
        h = (h ^ key.Ports[0]) * 16777619;
        h = (h ^ key.Ports[1]) * 16777619;
        return (h ^ key.Protocol) * 16777619;
    }

    /// <summary>A switch with dense and sparse cases.</summary>
    [Xdp("feat_switch")]
    public static XdpAction Switch(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 4 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        switch (data[0] & 7)
        {
            case 0:
                data[1] = 10;
                break;
            case 1:
            case 2:
                data[1] = (byte)(data[2] + 1);
                break;
            case 4:
                return XdpAction.Drop;
            case 5:
                data[3] ^= 0xFF;
                break;
            default:
                data[1] = 0;
                break;
        }

        return data[2] switch
        {
            17 => XdpAction.Tx,
            200 => XdpAction.Drop,
            _ => XdpAction.Pass,
        };
    }

    /// <summary>More live values than registers, across a helper call: spills and r6–r9.</summary>
    [Xdp("feat_spill")]
    public static XdpAction Spill(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        uint a = data[0], b = data[1], c = data[2], d = data[3], e = data[4], f = data[5];
        uint g = data[6], h = data[7], i = data[8], j = data[9], k = data[10], l = data[11];
        int status = ctx.AdjustTail(0);
        data = ctx.Data;
        if (data + 24 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint total = (a * 1) + (b * 2) + (c * 3) + (d * 4) + (e * 5) + (f * 6) + (g * 7) + (h * 8) + (i * 9) + (j * 10) + (k * 11) + (l * 12);
        *(uint*)(data + 12) = total ^ (a << 24 | l << 16 | f << 8 | g);
        *(uint*)(data + 16) = (uint)status + (a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ i ^ j ^ k ^ l);
        *(uint*)(data + 20) = a * l + b * k + c * j + d * i + e * h + f * g;
        return XdpAction.Pass;
    }

    /// <summary>Generic methods over unmanaged types.</summary>
    [Xdp("feat_generic")]
    public static XdpAction Generic(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        ushort first = Read<ushort>(data);
        uint second = Read<uint>(data + 2);
        ulong third = Read<ulong>(data + 6);
        Write(data + 14, Larger(first, (ushort)second));
        Write(data + 16, (uint)(third >> 7) + second);
        Swap(ref *(ushort*)(data + 20), ref *(ushort*)(data + 22));
        return XdpAction.Pass;
    }

    private static T Read<T>(byte* p)
        where T : unmanaged => *(T*)p;

    private static void Write<T>(byte* p, T value)
        where T : unmanaged => *(T*)p = value;

    private static ushort Larger(ushort a, ushort b) => a > b ? a : b;

    private static void Swap<T>(ref T a, ref T b)
        where T : unmanaged
    {
        T t = a;
        a = b;
        b = t;
    }

    /// <summary>Narrow signed and unsigned fields, sign extension through locals and stores.</summary>
    [Xdp("feat_narrow")]
    public static XdpAction Narrow(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        sbyte s8 = *(sbyte*)data;
        short s16 = *(short*)(data + 1);
        char c = *(char*)(data + 3);
        bool flag = data[5] > 127;
        int widened = s8 * s16 + c;
        long big = (long)widened * s16 - s8;
        *(long*)(data + 8) = big;
        *(short*)(data + 16) = (short)(s16 >> 3);
        *(int*)(data + 18) = flag ? -widened : (int)(uint)c;
        data[22] = (byte)(s8 >> 1);
        data[23] = (byte)((byte)s8 >> 1);
        return XdpAction.Pass;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct FlowKey(uint source, uint destination)
    {
        public uint Source = source;
        public uint Destination = destination;
        public fixed ushort Ports[2];
        public byte Protocol;
    }

    /// <summary>Loops with early exits: a data-dependent break, a second counter bound, values used after the loop.</summary>
    [Xdp("feat_loop_exits")]
    public static XdpAction LoopExits(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 40 > ctx.DataEnd)
        {
            return XdpAction.Drop;
        }

        int limit = data[0] & 7;
        int seen = 0;
        uint sum = 0;
        for (int i = 0; i < 12; i++)
        {
            if (data[i + 1] < 16)
            {
                break;
            }

            sum += data[i + 1];
            seen = i;
        }

        uint words = 0;
        for (int i = 0; i < 16 && 2 * i < 14; i++)
        {
            words += *(ushort*)(data + 16 + 2 * i);
        }

        int last = -1;
        for (int i = 0; i < 6; i++)
        {
            if (i == limit)
            {
                break;
            }

            if (data[20 + i] == 0xFF)
            {
                return XdpAction.Aborted;
            }

            last = data[20 + i];
        }

        *(uint*)(data + 4) = sum;
        *(uint*)(data + 8) = words;
        data[12] = (byte)seen;
        data[13] = (byte)last;
        return (sum & 1) != 0 ? XdpAction.Tx : XdpAction.Pass;
    }

    /// <summary>Two-sided range tests of every form: signed and unsigned, 32 and 64 bits, either order, inclusive and exclusive, negative bounds.</summary>
    [Xdp("feat_ranges")]
    public static XdpAction Ranges(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 32 > ctx.DataEnd)
        {
            return XdpAction.Drop;
        }

        int s = *(int*)data;
        uint u = *(uint*)(data + 4);
        long l = *(long*)(data + 8);
        ushort port = (ushort)((data[16] << 8) | data[17]);
        uint bits = 0;
        if (port >= 5060 && port <= 5080)
        {
            bits |= 1;
        }

        if (s > -100 && s < 100)
        {
            bits |= 2;
        }

        if (u <= 4000000000u && u >= 7)
        {
            bits |= 4;
        }

        if (!(l < -5_000_000_000L || l > 9_000_000_000L))
        {
            bits |= 8;
        }

        if (s >= int.MinValue + 1 && s <= int.MaxValue - 1)
        {
            bits |= 16;
        }

        if (u > 3 && u < 3)
        {
            bits |= 32;
        }

        if (port < 1024 || port > 49151)
        {
            bits |= 64;
        }

        *(uint*)(data + 20) = bits;
        return (bits & 1) != 0 ? XdpAction.Tx : XdpAction.Pass;
    }
}
