using System.Runtime.InteropServices;

namespace TraitsBpf.Compiler.Tests.Layout;

/// <summary>
/// A small load balancer in the shape of the ported ones: nested structs, and inlined helpers
/// each with struct locals of their own (map keys and values whose address is taken).
/// frame_lb.c beside this file is its C twin, which FrameTests builds with clang.
/// </summary>
public static unsafe class FramePrograms
{
    private static readonly HashMap<LbFlow, uint> Connections = new(1024);
    private static readonly ArrayMap<LbBackend> Backends = new(64);
    private static readonly ArrayMap<LbStats> Stats = new(4);

    [Xdp("frame_lb")]
    public static XdpAction Balance(XdpContext ctx)
    {
        LbPacket pckt = default;
        if (!Parse(ctx, ref pckt))
        {
            return XdpAction.Pass;
        }

        pckt.Hash = HashFlow(pckt.Flow);
        uint index = LookupConnection(pckt);
        LbBackend backend = PickBackend(index, pckt.Flow.Protocol);
        if (backend.Address == 0)
        {
            return XdpAction.Drop;
        }

        Count(pckt.Length, pckt.Flow.Protocol);
        Remember(pckt.Flow, index);
        return Rewrite(ctx, backend) ? XdpAction.Tx : XdpAction.Aborted;
    }

    private static bool Parse(XdpContext ctx, ref LbPacket pckt)
    {
        byte* p = ctx.Data;
        if (p + 38 > ctx.DataEnd)
        {
            return false;
        }

        LbFlow flow = default;
        flow.Source = *(uint*)(p + 26);
        flow.Destination = *(uint*)(p + 30);
        flow.SourcePort = *(ushort*)(p + 34);
        flow.DestinationPort = *(ushort*)(p + 36);
        flow.Protocol = p[23];
        pckt.Flow = flow;
        pckt.Length = (ushort)(p[16] << 8 | p[17]);
        pckt.Ttl = p[22];
        return true;
    }

    private static uint HashFlow(LbFlow flow)
    {
        LbFlow mixed = flow;
        mixed.Source ^= mixed.Destination * 0x9E3779B1;
        mixed.SourcePort ^= mixed.DestinationPort;
        return mixed.Source ^ mixed.SourcePort ^ mixed.Protocol;
    }

    private static uint LookupConnection(LbPacket pckt)
    {
        LbFlow key = pckt.Flow;
        uint* known = Connections.Lookup(key);
        return known != null ? *known : pckt.Hash & 63;
    }

    private static LbBackend PickBackend(uint index, byte protocol)
    {
        LbBackend chosen = default;
        LbBackend* backend = Backends.Lookup(index & 63);
        if (backend != null)
        {
            chosen = *backend;
            chosen.Port = protocol == 17 ? chosen.Port : (ushort)(chosen.Port ^ 1);
        }

        return chosen;
    }

    private static void Count(ushort length, byte protocol)
    {
        LbStats* stats = Stats.Lookup(protocol & 3u);
        if (stats != null)
        {
            stats->Packets++;
            stats->Bytes += length;
        }
        else
        {
            LbStats first = new() { Packets = 1, Bytes = length };
            Stats.Update(protocol & 3u, first);
        }
    }

    private static void Remember(LbFlow flow, uint index)
    {
        LbFlow key = flow;
        uint value = index;
        Connections.Update(key, value);
    }

    private static bool Rewrite(XdpContext ctx, LbBackend backend)
    {
        byte* p = ctx.Data;
        if (p + 38 > ctx.DataEnd)
        {
            return false;
        }

        *(uint*)(p + 30) = backend.Address;
        *(ushort*)(p + 36) = backend.Port;
        return true;
    }
}

/// <summary>A connection's addresses and ports (16 bytes, like the C twin's).</summary>
public struct LbFlow
{
    public uint Source;
    public uint Destination;
    public ushort SourcePort;
    public ushort DestinationPort;
    public byte Protocol;
}

/// <summary>A parsed packet: its flow nested inside.</summary>
public struct LbPacket
{
    public LbFlow Flow;
    public uint Hash;
    public ushort Length;
    public byte Ttl;
}

/// <summary>Where a flow goes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct LbBackend
{
    public uint Address;
    public ushort Port;
    public ushort Weight;
    public ulong Packets;
}

/// <summary>Per-protocol counters.</summary>
public struct LbStats
{
    public ulong Packets;
    public ulong Bytes;
}
