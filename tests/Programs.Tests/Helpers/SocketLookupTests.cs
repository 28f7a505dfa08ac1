using System.Net;
using System.Net.Sockets;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using NetSocket = System.Net.Sockets.Socket;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Compiles and loads the socket lookup programs once.</summary>
public sealed class SocketLookupFixture : IDisposable
{
    public SocketLookupFixture() => Programs = new CompiledAssembly(
        typeof(SocketLookupPrograms).Assembly.Location, "h_sk_lookup", "h_xdp_sk_lookup", "h_sk_lookup6", "h_skc_lookup", "h_sk_assign", "h_sk_storage", "h_socket_identity", "h_socket_filter_identity");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// Socket lookups find, in the kernel's test run inside a namespace of the test's own, the TCP listener and the
/// UDP socket the test opened there and nothing else, and release them; managed execution, given the same
/// sockets in its <see cref="SocketTable"/>, writes the same bytes and releases every reference it took.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe class SocketLookupTests(SocketLookupFixture fixture) : IClassFixture<SocketLookupFixture>
{
    private const uint Loopback = 0x0100007F;

    [Fact]
    public void LookupsFindTheNamespacesSocketsAndManagedExecutionAgrees()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "link", "set", "lo", "up");
        NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var listener = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            using var udp = new NetSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            ushort tcpPort = (ushort)((IPEndPoint)listener.LocalEndPoint!).Port;
            ushort udpPort = (ushort)((IPEndPoint)udp.LocalEndPoint!).Port;
            using var udp6 = new NetSocket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = false };
            udp6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            ushort udp6Port = (ushort)((IPEndPoint)udp6.LocalEndPoint!).Port;
            using var receiving = new NetSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            receiving.Bind(new IPEndPoint(IPAddress.Any, SocketLookupPrograms.ReceivingPort));
            ushort unused = (ushort)(Math.Max(tcpPort, udpPort) + 1);
            unused += unused == SocketLookupPrograms.ReceivingPort ? (ushort)1 : (ushort)0;
            using var client = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(new IPEndPoint(IPAddress.Loopback, tcpPort));
            using var accepted = listener.Accept();
            ushort clientPort = (ushort)((IPEndPoint)client.LocalEndPoint!).Port;

            SocketTable.Clear();
            // What the kernel's struct bpf_sock and bpf_tcp_sock show for these two sockets: a TCP listener starts
            // with a congestion window of 10 and the default MSS of 536 (tcp_init_sock); an unbound UDP socket is closed.
            SocketTable.Add(new BpfSocket { Family = 2, Type = 1, Protocol = 6, SourceIPv4 = Loopback, SourcePort = tcpPort, State = (uint)SocketState.Listen, RxQueueMapping = -1 },
                new TcpSocket { SendCongestionWindow = 10, MssCache = 536 });
            // The accepted end of the connection: bpf_tcp_sock shows an MSS of 32768 for it on loopback (half the 64 KiB
            // maximum window bounds it, tcp_bound_to_half_wnd) and the initial congestion window.
            SocketTable.Add(new BpfSocket { Family = 2, Type = 1, Protocol = 6, SourceIPv4 = Loopback, SourcePort = tcpPort, DestinationIPv4 = Loopback, DestinationPort = Net.Htons(clientPort), State = (uint)SocketState.Established, RxQueueMapping = -1 },
                new TcpSocket { SendCongestionWindow = 10, MssCache = 32768 });
            SocketTable.Add(new BpfSocket { Family = 2, Type = 2, Protocol = 17, SourcePort = SocketLookupPrograms.ReceivingPort, State = (uint)SocketState.Close, RxQueueMapping = -1 });
            SocketTable.Add(new BpfSocket { Family = 2, Type = 2, Protocol = 17, SourceIPv4 = Loopback, SourcePort = udpPort, State = (uint)SocketState.Close, RxQueueMapping = -1 });
            var ipv6 = new BpfSocket { Family = 10, Type = 2, Protocol = 17, SourcePort = udp6Port, State = (uint)SocketState.Close, RxQueueMapping = -1 };
            ipv6.SourceIPv6[3] = Net.Htonl(1);
            SocketTable.Add(ipv6);
            try
            {
                foreach (ushort port in new[] { udp6Port, unused })
                {
                    var datagram = FrameBuilder.Ethernet(0x86DD).IPv6(IpProtocol.Udp, [.. Enumerable.Repeat((byte)0x20, 16)], IPAddress.IPv6Loopback.GetAddressBytes()).Udp(40000, port, new byte[8]).Build().Bytes;
                    var run = SampleRunner.Tc(fixture.Programs, "h_sk_lookup6", SocketLookupPrograms.TcLookup6, datagram);
                    Assert.Equal(port == udp6Port ? $"0107{udp6Port & 0xFF:X2}{udp6Port >> 8:X2}0A1100000001" : "00000000000000000000", Convert.ToHexString(run.Output, 0, 10));
                }

                var found = new List<string>();
                foreach (var (protocol, port) in new[] { (IpProtocol.Tcp, tcpPort), (IpProtocol.Tcp, unused), (IpProtocol.Udp, udpPort), (IpProtocol.Udp, unused), (IpProtocol.Udp, tcpPort), (IpProtocol.Tcp, udpPort) })
                {
                    var packet = Packet(protocol, port);
                    var tc = SampleRunner.Tc(fixture.Programs, "h_sk_lookup", SocketLookupPrograms.TcLookup, packet);
                    var xdp = SampleRunner.Xdp(fixture.Programs, "h_xdp_sk_lookup", SocketLookupPrograms.XdpLookup, packet);
                    Assert.Equal(tc.Output[0], xdp.Output[0]);
                    found.Add($"{protocol}:{port}={Convert.ToHexString(tc.Output, 0, 11)}");
                }

                var established = Packet(IpProtocol.Tcp, tcpPort, Loopback, clientPort);
                var fromClient = SampleRunner.Tc(fixture.Programs, "h_sk_lookup", SocketLookupPrograms.TcLookup, established);
                Assert.Equal($"0101{tcpPort & 0xFF:X2}{tcpPort >> 8:X2}020602000A0080", Convert.ToHexString(fromClient.Output, 0, 11));
                var common = SampleRunner.Tc(fixture.Programs, "h_skc_lookup", SocketLookupPrograms.TcLookupCommon, established);
                Assert.Equal($"0101{tcpPort & 0xFF:X2}{tcpPort >> 8:X2}{clientPort >> 8:X2}{clientPort & 0xFF:X2}06", Convert.ToHexString(common.Output, 0, 7));
                var listening = SampleRunner.Tc(fixture.Programs, "h_skc_lookup", SocketLookupPrograms.TcLookupCommon, Packet(IpProtocol.Tcp, tcpPort));
                Assert.Equal($"010A{tcpPort & 0xFF:X2}{tcpPort >> 8:X2}000006", Convert.ToHexString(listening.Output, 0, 7));

                // Not at ingress (the test run), bpf_sk_assign refuses with -EOPNOTSUPP in both.
                var steered = Packet(IpProtocol.Udp, SocketLookupPrograms.SteeredPort);
                SampleRunner.Tc(fixture.Programs, "h_sk_assign", SocketLookupPrograms.Assign, steered);
                Assert.Equal(unchecked((ulong)-Errno.EOPNOTSUPP), fixture.Programs.ReadUInt64("AssignResults", 1));
                Assert.Equal(unchecked((ulong)-Errno.EOPNOTSUPP), SocketLookupPrograms.AssignResults[1]);

                // Socket storage: a count kept with the listener, deleted at 2 (0, then -ENOENT), so 1 again.
                SocketLookupPrograms.LookupsPerSocket.Clear();
                var toListener = Packet(IpProtocol.Tcp, tcpPort);
                string[] counts = [.. Enumerable.Range(0, 3).Select(_ => Convert.ToHexString(SampleRunner.Tc(fixture.Programs, "h_sk_storage", SocketLookupPrograms.CountPerSocket, toListener).Output, 0, 3))];
                Assert.Equal(["010000", "0200FE", "010000"], counts);

                Assert.Equal(0, SocketTable.HeldReferences);
                string Row(int protocol, ushort port, string hex) => $"{protocol}:{port}={hex}";
                Assert.Equal(
                    [
                        Row(6, tcpPort, $"010A{tcpPort & 0xFF:X2}{tcpPort >> 8:X2}0206020A0A1802"),
                        Row(6, unused, "00000000000000000000" + "00"),
                        Row(17, udpPort, $"0107{udpPort & 0xFF:X2}{udpPort >> 8:X2}0211030000" + "0000"),
                        Row(17, unused, "0000000000000000000000"),
                        Row(17, tcpPort, "0000000000000000000000"),
                        Row(6, udpPort, "0000000000000000000000"),
                    ],
                    found);
            }
            finally
            {
                SocketTable.Clear();
            }
        });
    }

    [Fact]
    public void AssignAtTcIngressSteersADatagramToAnotherPortsSocketAndManagedExecutionAgrees()
    {
        using var ns = new NetworkNamespace();
        string peer = ns.Name + "p";
        Tool.RunClean("ip", "netns", "add", peer);
        try
        {
            Tool.RunClean("ip", "-n", ns.Name, "link", "set", ns.Second, "netns", peer);
            Tool.RunClean("ip", "-n", ns.Name, "addr", "add", "10.79.0.1/24", "dev", ns.First);
            Tool.RunClean("ip", "-n", peer, "addr", "add", "10.79.0.2/24", "dev", ns.Second);
            Tool.RunClean("ip", "-n", peer, "link", "set", ns.Second, "up");
            var (received, steered, last) = NetworkNamespaceThread.Run(ns.Name, () =>
            {
                using var programs = new CompiledAssembly(typeof(SocketLookupPrograms).Assembly.Location, "h_sk_assign");
                using var tc = programs.Program("h_sk_assign").AttachTc(ns.First, AttachHook.TcIngress);
                using var receiver = new NetSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
                receiver.Bind(new IPEndPoint(IPAddress.Any, SocketLookupPrograms.ReceivingPort));
                NetworkNamespaceThread.Run(peer, () =>
                {
                    using var sender = new NetSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    sender.SendTo("steered"u8.ToArray(), new IPEndPoint(IPAddress.Parse("10.79.0.1"), SocketLookupPrograms.SteeredPort));
                });
                var buffer = new byte[64];
                int length = receiver.Receive(buffer);
                return (System.Text.Encoding.ASCII.GetString(buffer, 0, length), programs.ReadUInt64("AssignResults", 0), programs.ReadUInt64("AssignResults", 1));
            });

            Assert.Equal("steered", received);
            Assert.Equal(1ul, steered);
            Assert.Equal(0ul, last);
        }
        finally
        {
            Tool.Run("ip", "netns", "del", peer);
        }

        SocketTable.Clear();
        var entry = SocketTable.Add(new BpfSocket { Family = 2, Type = 2, Protocol = 17, SourcePort = SocketLookupPrograms.ReceivingPort, State = (uint)SocketState.Close, RxQueueMapping = -1 });
        try
        {
            var packet = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, source: 0x0A4F0002, destination: 0x0A4F0001).Udp(41000, SocketLookupPrograms.SteeredPort).Build();
            using var ctx = TcContext.ForPacket(packet);
            ctx.AtIngress = true;
            ulong before = SocketLookupPrograms.AssignResults[0];
            Assert.Equal(TcAction.Ok, ManagedExecution.Run(SocketLookupPrograms.Assign, ctx));
            Assert.True(ctx.AssignedSocket == entry, "managed execution gives the datagram to the table's socket");
            Assert.Equal(before + 1, SocketLookupPrograms.AssignResults[0]);
            Assert.Equal(0ul, SocketLookupPrograms.AssignResults[1]);
            Assert.Equal(0, SocketTable.HeldReferences);
        }
        finally
        {
            SocketTable.Clear();
        }
    }

    [Fact]
    public void SocketCookieAndUidAreTheKernelsAndTheManagedInputs()
    {
        var packet = Packet(IpProtocol.Udp, 9);
        var kernel = fixture.Programs.Program("h_socket_identity").TestRun(packet);
        ulong cookie = BitConverter.ToUInt64(kernel.DataOut, 0);
        Assert.NotEqual(0ul, cookie);
        Assert.Equal(0u, BitConverter.ToUInt32(kernel.DataOut, 8));

        using (var ctx = TcContext.ForPacket(packet))
        {
            ctx.SocketCookie = cookie;
            ctx.SocketUid = 0;
            Assert.Equal(TcAction.Ok, ManagedExecution.Run(SocketLookupPrograms.Identity, ctx));
            Assert.Equal(Convert.ToHexString(kernel.DataOut), Convert.ToHexString(ctx.Packet));
        }

        var filter = fixture.Programs.Program("h_socket_filter_identity").TestRun(packet);
        Assert.Equal(1u, filter.ReturnValue);
        using (var ctx = SocketContext.ForPacket(packet))
        {
            ctx.SocketCookie = cookie;
            ctx.SocketUid = 0;
            Assert.Equal(1u, ManagedExecution.Run(SocketLookupPrograms.FilterIdentity, ctx));
        }
    }

    /// <summary>An IPv4 packet to 127.0.0.1:<paramref name="port"/>, from 10.0.0.1:40000 unless given.</summary>
    private static byte[] Packet(byte protocol, ushort port, uint source = 0x0100000A, ushort sourcePort = 40000)
    {
        var ip = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(protocol, source: Net.Ntohl(source), destination: 0x7F000001);
        return (protocol == IpProtocol.Tcp ? ip.Tcp(sourcePort, port, 0x10) : ip.Udp(sourcePort, port)).Build();
    }
}
