using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Helpers.SocketCasts.SocketFacts;
using NetSocket = System.Net.Sockets.Socket;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>
/// A UDP socket bound to [::1] in a namespace, with a hop limit, a traffic class and UDP GSO set: a TC program finds
/// it by a datagram's tuple in the kernel's test run and reads it as the kernel's udp6_sock, which no other cast
/// answers for. What it reads is what user space knows; managed execution, given those facts, writes the same bytes.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe class Udp6SockCastTests(SocketCastFixture fixture) : IClassFixture<SocketCastFixture>
{
    [Fact]
    public void A_bound_ipv6_udp_socket_read_as_udp6_sock_is_what_user_space_knows_of_it()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "link", "set", "lo", "up");
        NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var udp = new NetSocket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = false };
            Set(udp, SolIpv6, Ipv6UnicastHops, 44);
            Set(udp, SolIpv6, Ipv6Tclass, 0x20);
            Set(udp, SolUdp, UdpSegment, 1200);
            udp.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            ushort port = (ushort)((IPEndPoint)udp.LocalEndPoint!).Port;

            var socket = new BpfSocket { Family = 10, Type = 2, Protocol = 17, SourcePort = port, State = (uint)SocketState.Close, RxQueueMapping = -1 };
            socket.SourceIPv6[3] = Net.Htonl(1);
            var view = new Udp6Sock();
            view.Udp.GsoSize = (ushort)GetInt(udp, SolUdp, UdpSegment);
            view.Inet6.HopLimit = (short)GetInt(udp, SolIpv6, Ipv6UnicastHops);
            view.Inet6.TrafficClass = (byte)GetInt(udp, SolIpv6, Ipv6Tclass);
            view.Inet6.SourceAddress.Words.Word[3] = Net.Htonl(1);
            ref var sock = ref view.Udp.Inet.Sock;
            sock.Protocol = 17;
            sock.Type = 2;
            sock.ReceiveBufferSize = GetInt(udp, SolSocket, SoRcvbuf);
            sock.Inode = Inode(udp);
            sock.Common.Family = 10;
            sock.Common.State = (byte)SocketState.Close;
            sock.Common.SourcePort = port;
            sock.Common.SourceIPv6.Words.Word[3] = Net.Htonl(1);
            sock.Common.Cookie.Counter = (long)Cookie(udp);

            SocketTable.Clear();
            try
            {
                SocketTable.SetKernelSocket(SocketTable.Add(socket), view);
                var loopback = IPAddress.IPv6Loopback.GetAddressBytes();
                var datagram = FrameBuilder.Ethernet(0x86DD).IPv6(17, loopback, loopback).Udp(40000, port, new byte[SocketCastPrograms.ReportOffset + sizeof(Udp6CastReport) - 62]).Build().Bytes;
                var run = SampleRunner.Tc(fixture.Programs, "h_skc_udp6", SocketCastPrograms.Udp6Cast, datagram);
                var report = MemoryMarshal.Read<Udp6CastReport>(run.Output.AsSpan(SocketCastPrograms.ReportOffset));
                Assert.Equal(4u, report.Casts);
                Assert.Equal(10, report.Family);
                Assert.Equal(port, report.SourcePort);
                Assert.Equal((ushort)1200, report.GsoSize);
                Assert.Equal(44, report.HopLimit);
                Assert.Equal(0x20, report.TrafficClass);
                Assert.Equal(Net.Htonl(1), report.Inet6Source[3]);
                Assert.Equal(Cookie(udp), report.Cookie);
                Assert.Equal(Inode(udp), report.Inode);
                Assert.Equal(0, SocketTable.HeldReferences);
            }
            finally
            {
                SocketTable.Clear();
            }
        });
    }
}
