using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Benchmarks;

/// <summary>
/// The packets timed for every program, chosen to send the samples down their longest paths: a
/// UDP datagram to the blocked port from the SIP range, a TCP SYN whose MSS comes last in a full
/// option list, a VLAN-tagged IPv6 datagram behind two extension headers, and an ICMP echo request.
/// </summary>
public static class RepresentativePackets
{
    private static readonly byte[] Address6 = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

    /// <summary>The packets by name, in the order they are reported.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> All { get; } =
    [
        ("udp4", FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000001, 0x0A000002).Udp(5060, 9999, new byte[32]).Build().Bytes),
        ("syn4", FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, 0x0A000001, 0x0A000002)
            .Tcp(40000, 443, 0x02, [TcpOptions.Nop, TcpOptions.Nop, TcpOptions.SackPermitted, TcpOptions.Timestamps(1, 0), TcpOptions.WindowScale(7), TcpOptions.Mss(1460)], []).Build().Bytes),
        ("udp6ext", FrameBuilder.Ethernet(EtherType.Vlan).Vlan(100, EtherType.IPv6).IPv6(IpProtocol.IPv6HopByHop, Address6, Address6)
            .IPv6Extension(IpProtocol.IPv6DestinationOptions, 0).IPv6Extension(IpProtocol.Udp, 1).Udp(5060, 5070, new byte[32]).Build().Bytes),
        ("echo4", FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp, 0x0A000001, 0x0A000002).Icmp(8, 0, 7, 1, new byte[56]).Build().Bytes),
    ];
}
