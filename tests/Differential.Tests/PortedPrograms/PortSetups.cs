using TraitsBpf.Differential.Tests.Samples;
using Filter = TraitsBpf.Ports.XdpFilter;
using Router = TraitsBpf.Ports.XdpRouterIpv4;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// What a port needs before its packets run, by program name: the rules and tables user space would
/// write into its maps (a router's routes, a firewall's blocked prefixes), the same on every side. A
/// port not listed here runs against empty maps.
/// </summary>
public static class PortSetups
{
    /// <summary>The loopback interface's index in every network namespace: a device map slot the kernel takes.</summary>
    public const uint LoopbackIfindex = 1;

    /// <summary>The router's first device map slot (holding the loopback interface); slot 2 stays empty.</summary>
    public const uint RoutedSlot = 1;

    /// <summary>The count the router's UDP counter starts from, so that a seeded per-CPU value is compared too.</summary>
    public const long SeededUdpCount = 1000;

    private static readonly Dictionary<string, SampleSetup> Setups = new(StringComparer.Ordinal)
    {
        // The corpus sends to 10.0.0.1-3, 192.168.1.1-2, 127.0.0.1, 255.255.255.255 and 0.0.0.0 (also what
        // a cut IPv4 header leaves the router with). Routed through the /8 and the ARP table: 10.0.0.1;
        // through the /32's gateway: 10.0.0.2; by exact match: 10.0.0.3; to the empty slot 2 (XDP_ABORTED):
        // 192.168.1.1; an exact match without MACs that falls back to the /24, where neither the address
        // nor a gateway has a MAC (XDP_DROP): 192.168.1.2; no route (XDP_DROP): the rest.
        ["xdp_router_ipv4_prog"] = new SampleSetup
        {
            MapEntries =
            [
                MapEntry.Of(nameof(Router.LpmMap), RouterAddresses.Prefix(8, 10, 0, 0, 0), RouterAddresses.Route(10, 0, 0, 0, RoutedSlot, gateway: 0)),
                MapEntry.Of(nameof(Router.LpmMap), RouterAddresses.Prefix(32, 10, 0, 0, 2), RouterAddresses.Route(10, 0, 0, 2, RoutedSlot, gateway: RouterAddresses.Address(192, 168, 1, 1))),
                MapEntry.Of(nameof(Router.LpmMap), RouterAddresses.Prefix(24, 192, 168, 1, 0), RouterAddresses.Route(192, 168, 1, 0, slot: 2, gateway: 0)),
                MapEntry.Of(nameof(Router.ArpTable), RouterAddresses.Address(10, 0, 0, 1), RouterAddresses.Mac(0x02, 0, 0, 0, 0x0A, 0x01)),
                MapEntry.Of(nameof(Router.ArpTable), RouterAddresses.Address(192, 168, 1, 1), RouterAddresses.Mac(0x02, 0, 0, 0, 0xC0, 0x01)),
                MapEntry.Of(nameof(Router.ExactMatch), RouterAddresses.Address(10, 0, 0, 3), RouterAddresses.Direct(RouterAddresses.Mac(0x02, 0, 0, 0, 0x0A, 0x03), RoutedSlot, RouterAddresses.Mac(0x02, 0, 0, 0, 0xFF, 0x03))),
                MapEntry.Of(nameof(Router.ExactMatch), RouterAddresses.Address(192, 168, 1, 2), RouterAddresses.Direct(nextHopMac: 0, RoutedSlot, sourceMac: 0)),
                MapEntry.Of(nameof(Router.TxPort), RoutedSlot, LoopbackIfindex),
                MapEntry.Of(nameof(Router.RxCnt), (uint)IpProtocol.Udp, SeededUdpCount),
            ],
            Reason = "three routes (10/8, 10.0.0.2/32 through a gateway, 192.168.1/24 to an empty slot), two ARP entries, two exact matches "
                + "(one without MACs), the loopback interface in slot 1, and the UDP counter starting at 1000",
        },

        // Rules that match some of the corpus and rules that are found but whose flags do not match: an IPv4
        // destination (with 5 hits already counted) and two IPv4 sources; TCP to port 22, UDP from port 53 and
        // UDP (not TCP) to 443; the first IPv6 frame's source address as either end; the first odd source MAC
        // (a fuzzed or random frame) as a source, and the builder's destination MAC as a source only.
        ["xdpfilt_alw_all"] = new SampleSetup
        {
            MapEntries =
            [
                MapEntry.Of(nameof(Filter.FilterIpv4), RouterAddresses.Address(192, 168, 1, 1), Filter.MapFlagDst | (5ul << Filter.CounterShift)),
                MapEntry.Of(nameof(Filter.FilterIpv4), RouterAddresses.Address(10, 0, 0, 3), Filter.MapFlagSrc),
                MapEntry.Of(nameof(Filter.FilterIpv4), RouterAddresses.Address(127, 0, 0, 1), Filter.MapFlagSrc),
                MapEntry.Of(nameof(Filter.FilterPorts), (uint)Net.Htons(22), Filter.MapFlagDst | Filter.MapFlagTcp),
                MapEntry.Of(nameof(Filter.FilterPorts), (uint)Net.Htons(53), Filter.MapFlagSrc | Filter.MapFlagUdp),
                MapEntry.Of(nameof(Filter.FilterPorts), (uint)Net.Htons(443), Filter.MapFlagDst | Filter.MapFlagUdp),
                new MapEntry(nameof(Filter.FilterIpv6), FilterRules.FirstIPv6Source(), BitConverter.GetBytes(Filter.MapFlagSrc | Filter.MapFlagDst)),
                new MapEntry(nameof(Filter.FilterEthernet), FilterRules.FirstUnusualSourceMac(), BitConverter.GetBytes(Filter.MapFlagSrc)),
                new MapEntry(nameof(Filter.FilterEthernet), [.. FilterRules.BuilderDestinationMac], BitConverter.GetBytes(Filter.MapFlagSrc)),
            ],
            Reason = "three IPv4 rules, three port rules, one IPv6 and two Ethernet rules, some matching, some found with other flags; "
                + "per-CPU values on CPU 0, where every side runs",
        },
    };

    /// <summary>The setup of the port named <paramref name="name"/>.</summary>
    public static SampleSetup For(string name) => Setups.GetValueOrDefault(name, SampleSetup.None);
}
