using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Helpers.SocketCasts.SocketFacts;
using NetSocket = System.Net.Sockets.Socket;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>
/// An MPTCP connection over a namespace's loopback (the host kernel has CONFIG_MPTCP): a TC program finds the client's
/// TCP subflow by the packet's tuple in the kernel's test run, and bpf_skc_to_mptcp_sock gives the connection it
/// belongs to, whose protocol is IPPROTO_MPTCP and whose token and data sequence numbers are MPTCP_INFO's. Managed
/// execution, given the subflow and that connection, writes the same bytes.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe partial class MptcpSockCastTests(SocketCastFixture fixture) : IClassFixture<SocketCastFixture>
{
    private const int IpprotoMptcp = 262;
    private const uint Loopback4 = 0x0100007F;

    [Fact]
    public void A_subflow_cast_to_mptcp_sock_is_its_connection_as_user_space_knows_it()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "link", "set", "lo", "up");
        NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var listener = MptcpSocket();
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            using var client = MptcpSocket();
            client.Connect(listener.LocalEndPoint!);
            using var accepted = listener.Accept();
            TcpSockCastTests.Exchange(client, accepted, 500, 200);
            Thread.Sleep(300);
            ushort clientPort = (ushort)((IPEndPoint)client.LocalEndPoint!).Port;
            ushort serverPort = (ushort)((IPEndPoint)listener.LocalEndPoint!).Port;
            var info = MptcpInfo(client);
            Assert.Equal(262, GetInt(client, SolSocket, SoProtocol));

            var subflow = new BpfSocket { Family = 2, Type = 1, Protocol = 6, SourceIPv4 = Loopback4, SourcePort = clientPort, DestinationIPv4 = Loopback4, DestinationPort = Net.Htons(serverPort), State = (uint)SocketState.Established, RxQueueMapping = -1 };
            var tcp = new TcpSock();
            tcp.Connection.Inet.Sock.Protocol = 6;
            ref var subflowCommon = ref tcp.Connection.Inet.Sock.Common;
            subflowCommon.Family = 2;
            subflowCommon.State = (byte)SocketState.Established;
            subflowCommon.SourcePort = clientPort;
            subflowCommon.DestinationPort = Net.Htons(serverPort);
            var connection = new MptcpSock { Token = info.Token, WriteSequence = info.WriteSequence, SendUnacknowledged = info.SendUnacknowledged, AckSequence = info.ReceiveNext };
            connection.Connection.Inet.Sock.Protocol = (ushort)GetInt(client, SolSocket, SoProtocol);
            ref var common = ref connection.Connection.Inet.Sock.Common;
            common.Family = 2;
            common.State = (byte)SocketState.Established;
            common.SourcePort = clientPort;
            common.DestinationPort = Net.Htons(serverPort);

            SocketTable.Clear();
            try
            {
                var entry = SocketTable.Add(subflow);
                SocketTable.SetKernelSocket(entry, tcp);
                SocketTable.SetMptcpConnection(entry, connection);
                var packet = TcpSockCastTests.ServerToClient(false, serverPort, clientPort, SocketCastPrograms.ReportOffset + sizeof(MptcpCastReport));
                var run = SampleRunner.Tc(fixture.Programs, "h_skc_mptcp", SocketCastPrograms.MptcpCast, packet);
                var report = MemoryMarshal.Read<MptcpCastReport>(run.Output.AsSpan(SocketCastPrograms.ReportOffset));
                Assert.Equal(new MptcpCastReport
                {
                    Casts = 17,
                    SubflowProtocol = 6,
                    ConnectionProtocol = 262,
                    ConnectionFamily = 2,
                    ConnectionState = (byte)SocketState.Established,
                    Found = 1,
                    ConnectionSourcePort = clientPort,
                    ConnectionDestinationPort = Net.Htons(serverPort),
                    Token = info.Token,
                    WriteSequence = info.WriteSequence,
                    SendUnacknowledged = info.SendUnacknowledged,
                    AckSequence = info.ReceiveNext,
                }, report);
                Assert.Equal(info.WriteSequence, info.SendUnacknowledged);
                Assert.Equal(0, SocketTable.HeldReferences);
            }
            finally
            {
                SocketTable.Clear();
            }
        });
    }

    /// <summary>An IPv4 MPTCP socket (socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP), a protocol .NET does not name).</summary>
    private static NetSocket MptcpSocket()
    {
        int fd = socket(2, 1, IpprotoMptcp);
        return fd >= 0 ? new NetSocket(new SafeSocketHandle(fd, ownsHandle: true)) : throw new IOException($"socket(IPPROTO_MPTCP): errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);
}
