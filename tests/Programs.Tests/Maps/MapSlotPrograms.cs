namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// Programs in CPU and device map slots. An XDP program on the receiving interface redirects IPv4 UDP into a slot;
/// the slot's program counts each datagram by the CPU it runs on (CPUMAP) or records the interface it leaves by
/// (DEVMAP), then passes it, or drops it when it goes to <see cref="DropPort"/>.
/// </summary>
public static unsafe class MapSlotPrograms
{
    /// <summary>Datagrams to this port are dropped by the slot programs.</summary>
    public const ushort DropPort = 9001;

    /// <summary>The CPU map slot (so the CPU) UDP is redirected to.</summary>
    public const uint TargetCpu = 1;

    /// <summary>The device map slot UDP is redirected to.</summary>
    public const uint TargetPort = 0;

    /// <summary>CPUs 0 to 3, whose slots may hold a CPUMAP program.</summary>
    public static readonly CpuMap Cpus = new(4, programs: true);

    /// <summary>Interfaces, whose slots may hold a DEVMAP program.</summary>
    public static readonly DevMap Ports = new(4, programs: true);

    /// <summary>What the CPUMAP program saw: at <c>cpu * 2</c> the datagrams it passed on that CPU, at <c>cpu * 2 + 1</c> those it dropped.</summary>
    public static readonly ArrayMap<ulong> CpuVerdicts = new(8);

    /// <summary>What the DEVMAP program saw: 0 the last egress interface, 1 datagrams passed, 2 datagrams dropped.</summary>
    public static readonly ArrayMap<ulong> EgressVerdicts = new(3);

    /// <summary>IPv4 UDP to CPU <see cref="TargetCpu"/>; everything else passes.</summary>
    [Xdp("m_to_cpu")]
    public static XdpAction ToCpu(XdpContext ctx) =>
        UdpDestination(ctx) < 0 ? XdpAction.Pass : Cpus.Redirect(TargetCpu, (ulong)XdpAction.Pass);

    /// <summary>IPv4 UDP out of the interface in slot <see cref="TargetPort"/>; everything else passes.</summary>
    [Xdp("m_to_port")]
    public static XdpAction ToPort(XdpContext ctx) =>
        UdpDestination(ctx) < 0 ? XdpAction.Pass : Ports.Redirect(TargetPort, (ulong)XdpAction.Pass);

    /// <summary>The CPUMAP program: counts by CPU and verdict.</summary>
    [Xdp("m_on_cpu", XdpAttach.CpuMap)]
    public static XdpAction OnCpu(XdpContext ctx)
    {
        bool drop = UdpDestination(ctx) == DropPort;
        ulong* count = CpuVerdicts.Lookup(Bpf.GetSmpProcessorId() * 2 + (drop ? 1u : 0u));
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }

        return drop ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>The DEVMAP program: records the egress interface and counts by verdict.</summary>
    [Xdp("m_on_port", XdpAttach.DevMap)]
    public static XdpAction OnPort(XdpContext ctx)
    {
        bool drop = UdpDestination(ctx) == DropPort;
        EgressVerdicts.Update(0, ctx.EgressIfindex);
        ulong* count = EgressVerdicts.Lookup(drop ? 2u : 1u);
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }

        return drop ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>The destination port of an IPv4 UDP datagram (host order), or -1 for any other packet.</summary>
    private static int UdpDestination(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
        {
            return -1;
        }

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->Protocol != IpProtocol.Udp)
        {
            return -1;
        }

        UdpHeader* udp = ctx.Header<UdpHeader>(sizeof(EthernetHeader) + ip->HeaderLength);
        return udp == null ? -1 : Net.Ntohs(udp->DestinationPort);
    }
}
