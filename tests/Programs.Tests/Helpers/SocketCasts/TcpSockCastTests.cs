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
/// A TCP connection over a namespace's loopback, IPv4 and IPv6: a TC program finds the client's socket by the
/// packet's tuple in the kernel's test run and reads it as the kernel's tcp_sock (and tcp6_sock). Every field it
/// writes is what user space learns of the socket (TCP_INFO, TCP_MAXSEG, SO_COOKIE, the repair-mode sequence numbers,
/// the queue ioctls, the options it set), and managed execution, given those facts as the socket's kernel struct,
/// writes the same bytes.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe class TcpSockCastTests(SocketCastFixture fixture) : IClassFixture<SocketCastFixture>
{
    private const uint Loopback4 = 0x0100007F;

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public void A_connected_socket_read_as_tcp_sock_is_what_user_space_knows_of_it(AddressFamily family)
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "link", "set", "lo", "up");
        NetworkNamespaceThread.Run(ns.Name, () =>
        {
            bool v6 = family == AddressFamily.InterNetworkV6;
            var loopback = v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            using var listener = new NetSocket(family, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(loopback, 0));
            listener.Listen();
            using var client = new NetSocket(family, SocketType.Stream, ProtocolType.Tcp);
            Set(client, SolSocket, SoMark, 0x5CA57);
            Set(client, SolSocket, SoPriority, 5);
            if (v6)
            {
                Set(client, SolIpv6, Ipv6UnicastHops, 33);
                Set(client, SolIpv6, Ipv6Tclass, 0x10);
            }
            else
            {
                Set(client, SolIp, IpTtl, 33);
                Set(client, SolIp, IpTos, 0x10);
            }

            client.Connect(listener.LocalEndPoint!);
            using var accepted = listener.Accept();
            Exchange(client, accepted, 1000, 300);
            // Let the delayed acknowledgments go out: nothing moves on the connection once the facts are read.
            Thread.Sleep(300);
            ushort clientPort = (ushort)((IPEndPoint)client.LocalEndPoint!).Port;
            ushort serverPort = (ushort)((IPEndPoint)listener.LocalEndPoint!).Port;

            var socket = new BpfSocket { Family = v6 ? 10u : 2u, Type = 1, Protocol = 6, SourcePort = clientPort, DestinationPort = Net.Htons(serverPort), State = (uint)SocketState.Established, Mark = (uint)GetInt(client, SolSocket, SoMark), Priority = (uint)GetInt(client, SolSocket, SoPriority), RxQueueMapping = -1 };
            if (v6)
            {
                socket.SourceIPv6[3] = socket.DestinationIPv6[3] = Net.Htonl(1);
            }
            else
            {
                socket.SourceIPv4 = socket.DestinationIPv4 = Loopback4;
            }

            var tcp = KernelTcpSock(client, socket);
            var info = TcpInfo(client);
            SocketTable.Clear();
            try
            {
                var entry = SocketTable.Add(socket);
                if (v6)
                {
                    var tcp6 = new Tcp6Sock { Tcp = tcp };
                    tcp6.Inet6.HopLimit = (short)GetInt(client, SolIpv6, Ipv6UnicastHops);
                    tcp6.Inet6.TrafficClass = (byte)GetInt(client, SolIpv6, Ipv6Tclass);
                    tcp6.Inet6.SourceAddress.Words.Word[3] = Net.Htonl(1);
                    tcp6.Tcp.Connection.Inet.Sock.Common.SourceIPv6.Words.Word[3] = Net.Htonl(1);
                    tcp6.Tcp.Connection.Inet.Sock.Common.DestinationIPv6.Words.Word[3] = Net.Htonl(1);
                    SocketTable.SetKernelSocket(entry, tcp6);
                }
                else
                {
                    tcp.Connection.Inet.UnicastTtl = (short)GetInt(client, SolIp, IpTtl);
                    tcp.Connection.Inet.Tos = (byte)GetInt(client, SolIp, IpTos);
                    tcp.Connection.Inet.Sock.Common.SourceIPv4 = tcp.Connection.Inet.Sock.Common.DestinationIPv4 = Loopback4;
                    SocketTable.SetKernelSocket(entry, tcp);
                }

                var packet = ServerToClient(v6, serverPort, clientPort, SocketCastPrograms.ReportOffset + sizeof(TcpCastReport));
                var run = SampleRunner.Tc(fixture.Programs, "h_skc_tcp", SocketCastPrograms.TcpCast, packet);
                var report = MemoryMarshal.Read<TcpCastReport>(run.Output.AsSpan(SocketCastPrograms.ReportOffset));
                Assert.Equal(v6 ? 3u : 1u, report.Casts);
                Assert.Equal((byte)SocketState.Established, report.State);
                Assert.Equal(clientPort, report.SourcePort);
                Assert.Equal(Cookie(client), report.Cookie);
                Assert.Equal(Inode(client), report.Inode);
                Assert.Equal((uint)GetInt(client, SolTcp, TcpMaxseg), report.MssCache);
                Assert.Equal(info.SendCongestionWindow, report.SendCongestionWindow);
                Assert.Equal(info.Rtt, report.RttMicroseconds);
                Assert.Equal(info.BytesAcknowledged, report.BytesAcknowledged);
                Assert.Equal(info.BytesReceived, report.BytesReceived);
                Assert.Equal(1000ul, report.BytesSent);
                Assert.Equal(report.SendNext, report.SendUnacknowledged);
                Assert.Equal(0, SocketTable.HeldReferences);
                if (v6)
                {
                    Assert.Equal(33, report.HopLimit);
                    Assert.Equal(Net.Htonl(1), report.DestinationIPv6[3]);
                }
                else
                {
                    Assert.Equal(33, report.UnicastTtl);
                    Assert.Equal(Loopback4, report.DestinationIPv4);
                }

                if (!v6)
                {
                    var xdp = SampleRunner.Xdp(fixture.Programs, "h_skc_xdp", SocketCastPrograms.XdpCast, packet);
                    Assert.Equal((uint)XdpAction.Pass, xdp.Action);
                    Assert.Equal([1, 0, 0, 0, .. BitConverter.GetBytes(report.MssCache), (byte)SocketState.Established, 0, 0, 0], xdp.Output[..12]);
                }
            }
            finally
            {
                SocketTable.Clear();
            }
        });
    }

    /// <summary>The kernel's tcp_sock of <paramref name="client"/> as user space knows it, the family's addresses left for the caller.</summary>
    private static TcpSock KernelTcpSock(NetSocket client, BpfSocket socket)
    {
        var (receiveNext, writeSequence) = Sequences(client);
        var info = TcpInfo(client);
        var tcp = new TcpSock
        {
            SendCongestionWindow = info.SendCongestionWindow,
            SendSlowStartThreshold = info.SendSlowStartThreshold,
            SmoothedRttMicroseconds = info.Rtt << 3,
            MssCache = info.SendMss,
            AdvertisedMss = (ushort)info.AdvertisedMss,
            ReceiveNext = receiveNext,
            CopiedSequence = receiveNext - (uint)Unread(client),
            WriteSequence = writeSequence,
            SendNext = writeSequence - (uint)Unsent(client),
            SendUnacknowledged = writeSequence - (uint)Unacknowledged(client),
            SendWindow = info.SendWindow,
            PacketsOut = info.Unacknowledged,
            SegmentsIn = info.SegmentsIn,
            SegmentsOut = info.SegmentsOut,
            DataSegmentsIn = info.DataSegmentsIn,
            DataSegmentsOut = info.DataSegmentsOut,
            TotalRetransmits = info.TotalRetransmits,
            BytesReceived = info.BytesReceived,
            BytesAcknowledged = info.BytesAcknowledged,
            BytesSent = info.BytesSent,
            Delivered = info.Delivered,
        };
        tcp.Connection.PathMtu = info.PathMtu;
        ref var sock = ref tcp.Connection.Inet.Sock;
        sock.Protocol = (ushort)socket.Protocol;
        sock.Type = (ushort)socket.Type;
        sock.Mark = socket.Mark;
        sock.Priority = socket.Priority;
        sock.ReceiveBufferSize = GetInt(client, SolSocket, SoRcvbuf);
        sock.SendBufferSize = GetInt(client, SolSocket, SoSndbuf);
        sock.Inode = Inode(client);
        ref var common = ref sock.Common;
        common.Family = (ushort)socket.Family;
        common.State = info.State;
        common.SourcePort = (ushort)socket.SourcePort;
        common.DestinationPort = socket.DestinationPort;
        common.Cookie.Counter = (long)Cookie(client);
        return tcp;
    }

    /// <summary>Sends <paramref name="forward"/> bytes from <paramref name="from"/> and <paramref name="back"/> bytes back, each read whole.</summary>
    internal static void Exchange(NetSocket from, NetSocket to, int forward, int back)
    {
        Transfer(from, to, forward);
        Transfer(to, from, back);
    }

    /// <summary>An Ethernet frame of <paramref name="length"/> bytes from the server's port to the client's, over the loopback addresses.</summary>
    internal static byte[] ServerToClient(bool v6, ushort serverPort, ushort clientPort, int length)
    {
        var frame = FrameBuilder.Ethernet(v6 ? (ushort)0x86DD : (ushort)0x0800);
        frame = v6 ? frame.IPv6(6, IPAddress.IPv6Loopback.GetAddressBytes(), IPAddress.IPv6Loopback.GetAddressBytes()) : frame.IPv4(6, 0x7F000001, 0x7F000001);
        int headers = 14 + (v6 ? 40 : 20) + 20;
        return frame.Tcp(serverPort, clientPort, 0x10, [], new byte[length - headers]).Build().Bytes;
    }

    private static void Transfer(NetSocket from, NetSocket to, int length)
    {
        from.Send(new byte[length]);
        var buffer = new byte[length];
        for (int received = 0; received < length;)
        {
            received += to.Receive(buffer, received, length - received, SocketFlags.None);
        }
    }
}
