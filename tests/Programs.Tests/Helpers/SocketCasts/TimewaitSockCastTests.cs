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
/// The client of a TCP connection over a namespace's loopback closes first and is left in TIME-WAIT: a TC program
/// finds it with bpf_skc_lookup_tcp in the kernel's test run, and only the time-wait cast answers for it. Its tuple,
/// state, mark and priority are the closed socket's, and its sequence numbers are those user space read before the
/// close, each moved by one for a FIN; managed execution, given those facts, writes the same bytes. A full lookup
/// finds nothing, in the kernel as in managed execution.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe class TimewaitSockCastTests(SocketCastFixture fixture) : IClassFixture<SocketCastFixture>
{
    private const uint Loopback4 = 0x0100007F;

    [Fact]
    public void A_connection_closed_first_read_as_tcp_timewait_sock_is_what_user_space_knew_of_it()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "link", "set", "lo", "up");
        NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var listener = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            var client = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Set(client, SolSocket, SoMark, 0x77);
            Set(client, SolSocket, SoPriority, 3);
            client.Connect(listener.LocalEndPoint!);
            using var accepted = listener.Accept();
            TcpSockCastTests.Exchange(client, accepted, 100, 50);
            Thread.Sleep(300);
            ushort clientPort = (ushort)((IPEndPoint)client.LocalEndPoint!).Port;
            ushort serverPort = (ushort)((IPEndPoint)listener.LocalEndPoint!).Port;
            var (receiveNext, writeSequence) = Sequences(client);
            Assert.Equal(0, Unsent(client));
            uint mark = (uint)GetInt(client, SolSocket, SoMark);
            uint priority = (uint)GetInt(client, SolSocket, SoPriority);

            // The client's FIN, then the server's once it has read the end of the stream: the client waits in TIME-WAIT.
            client.Close();
            Assert.Equal(0, accepted.Receive(new byte[1]));
            accepted.Close();
            Thread.Sleep(200);

            var socket = new BpfSocket { Family = 2, Type = 1, Protocol = 6, SourceIPv4 = Loopback4, SourcePort = clientPort, DestinationIPv4 = Loopback4, DestinationPort = Net.Htons(serverPort), State = (uint)SocketState.TimeWait, RxQueueMapping = -1 };
            var view = new TcpTimewaitSock();
            view.Timewait.Substate = (byte)SocketState.TimeWait;
            view.Timewait.Mark = mark;
            view.Timewait.Priority = priority;
            ref var common = ref view.Timewait.Common;
            common.Family = 2;
            common.State = (byte)SocketState.TimeWait;
            common.SourceIPv4 = common.DestinationIPv4 = Loopback4;
            common.SourcePort = clientPort;
            common.DestinationPort = Net.Htons(serverPort);
            common.TimewaitReceiveNext = receiveNext + 1;
            common.TimewaitSendNext = writeSequence + 1;

            SocketTable.Clear();
            try
            {
                SocketTable.SetKernelSocket(SocketTable.Add(socket), view);
                var packet = TcpSockCastTests.ServerToClient(false, serverPort, clientPort, SocketCastPrograms.ReportOffset + sizeof(TcpCastReport));
                var run = SampleRunner.Tc(fixture.Programs, "h_skc_timewait", SocketCastPrograms.TimewaitCast, packet);
                var report = MemoryMarshal.Read<TimewaitCastReport>(run.Output.AsSpan(SocketCastPrograms.ReportOffset));
                Assert.Equal(64u, report.Casts);
                Assert.Equal((byte)SocketState.TimeWait, report.State);
                Assert.Equal((byte)SocketState.TimeWait, report.Substate);
                Assert.Equal(clientPort, report.SourcePort);
                Assert.Equal(Net.Htons(serverPort), report.DestinationPort);
                Assert.Equal(0x77u, report.Mark);
                Assert.Equal(receiveNext + 1, report.ReceiveNext);
                Assert.Equal(writeSequence + 1, report.SendNext);

                var full = SampleRunner.Tc(fixture.Programs, "h_skc_tcp", SocketCastPrograms.TcpCast, packet);
                Assert.Equal(0u, MemoryMarshal.Read<TcpCastReport>(full.Output.AsSpan(SocketCastPrograms.ReportOffset)).Casts);
                Assert.Equal(0, SocketTable.HeldReferences);
            }
            finally
            {
                SocketTable.Clear();
            }
        });
    }
}
