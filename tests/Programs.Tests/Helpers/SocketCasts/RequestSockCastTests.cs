using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Helpers.SocketCasts.SocketFacts;
using NetSocket = System.Net.Sockets.Socket;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>
/// Real traffic: a TC program at the egress of a namespace's loopback sees the SYN-ACK a listener sends for a client
/// that asked for an MSS of 1000, and the SYN-ACK's own socket (<see cref="TcContext.Socket"/>) is the request socket
/// of the handshake, which only the request cast answers for: the client's tuple, NEW_SYN_RECV, the MSS the client
/// asked for, and the initial sequence numbers the SYN-ACK carries. Managed execution, given the same SYN-ACK and
/// that request socket, records the same bytes.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe class RequestSockCastTests(SocketCastFixture fixture) : IClassFixture<SocketCastFixture>
{
    private const uint Loopback4 = 0x0100007F;

    [Fact]
    public void A_syn_acks_socket_read_as_tcp_request_sock_is_the_handshakes_request()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "link", "set", "lo", "up");
        var map = fixture.Programs.Map("Requests");
        map.Update(BitConverter.GetBytes(0u), new byte[map.ValueSize]);
        var (clientPort, serverPort, askedMss) = NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var egress = fixture.Programs.Program("h_skc_request").AttachTc("lo", AttachHook.TcEgress);
            using var listener = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            using var client = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Set(client, SolTcp, TcpMaxseg, 1000);
            // Before the connection TCP_MAXSEG reads the MSS the socket will ask for in its SYN (after, the one it uses).
            int asked = GetInt(client, SolTcp, TcpMaxseg);
            client.Connect(listener.LocalEndPoint!);
            using var accepted = listener.Accept();
            return ((ushort)((IPEndPoint)client.LocalEndPoint!).Port, (ushort)((IPEndPoint)listener.LocalEndPoint!).Port, asked);
        });

        var kernel = new byte[map.ValueSize];
        Assert.True(map.Lookup(BitConverter.GetBytes(0u), kernel));
        var report = MemoryMarshal.Read<RequestCastReport>(kernel);
        Assert.Equal(1, report.Found);
        Assert.Equal(32u, report.Casts);
        Assert.Equal(2, report.Family);
        Assert.Equal((byte)SocketState.NewSynReceived, report.State);
        Assert.Equal(serverPort, report.SourcePort);
        Assert.Equal(Net.Htons(clientPort), report.DestinationPort);
        Assert.Equal(Loopback4, report.SourceIPv4);
        Assert.Equal(Loopback4, report.DestinationIPv4);
        Assert.Equal((uint)askedMss, report.Mss);
        Assert.Equal(report.PacketSequence, report.SendInitialSequence);
        Assert.Equal(report.PacketAcknowledgment, report.ReceiveNext);
        Assert.Equal(report.PacketAcknowledgment - 1, report.ReceiveInitialSequence);

        SocketTable.Clear();
        try
        {
            var entry = SocketTable.Add(new BpfSocket { Family = 2, Protocol = 6, SourceIPv4 = Loopback4, SourcePort = serverPort, DestinationIPv4 = Loopback4, DestinationPort = Net.Htons(clientPort), State = (uint)SocketState.NewSynReceived, RxQueueMapping = -1 });
            var request = new TcpRequestSock { SendInitialSequence = report.PacketSequence, ReceiveNext = report.PacketAcknowledgment, ReceiveInitialSequence = report.PacketAcknowledgment - 1 };
            request.InetRequest.Request.Mss = (ushort)askedMss;
            ref var common = ref request.InetRequest.Request.Common;
            common.Family = 2;
            common.State = (byte)SocketState.NewSynReceived;
            common.SourceIPv4 = common.DestinationIPv4 = Loopback4;
            common.SourcePort = serverPort;
            common.DestinationPort = Net.Htons(clientPort);
            SocketTable.SetKernelSocket(entry, request);

            var synAck = FrameBuilder.Ethernet(0x0800).IPv4(6, 0x7F000001, 0x7F000001).Tcp(serverPort, clientPort, 0x12, [], []).Build().Bytes;
            BitConverter.TryWriteBytes(synAck.AsSpan(38), Net.Htonl(report.PacketSequence));
            BitConverter.TryWriteBytes(synAck.AsSpan(42), Net.Htonl(report.PacketAcknowledgment));
            SocketCastPrograms.Requests[0] = default;
            using var ctx = TcContext.ForPacket(synAck);
            ctx.Socket = (BpfSocketCommon*)entry;
            Assert.Equal(TcAction.Ok, ManagedExecution.Run(SocketCastPrograms.RequestCast, ctx));
            var managed = SocketCastPrograms.Requests[0];
            Assert.Equal(Convert.ToHexString(kernel), Convert.ToHexString(MemoryMarshal.AsBytes(new ReadOnlySpan<RequestCastReport>(in managed))));
        }
        finally
        {
            SocketTable.Clear();
        }
    }
}
