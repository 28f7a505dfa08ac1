using System.Net;
using System.Net.Sockets;
using System.Text;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Helpers.RedirectTrafficPrograms;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// <c>TcContext.RedirectPeer</c> and <c>RedirectNeighbor</c> on real traffic: UDP from the sender's namespace to an
/// address in a third namespace, behind a second veth pair from the receiver's namespace, which does not forward. Without
/// a program nothing arrives; with the program at the receiver's TC ingress, every datagram reaches a socket in the
/// third namespace, through the veth peer's ingress (bpf_redirect_peer) or out of the host's end with the link-layer
/// addresses from the neighbour table (bpf_redirect_neigh). Managed execution of the same frame redirects the same way.
/// </summary>
public sealed class RedirectTrafficTests
{
    private const int Datagrams = 4;
    private static readonly string Assembly = typeof(RedirectTrafficPrograms).Assembly.Location;

    [Fact]
    public void RedirectPeerDeliversIntoTheVethPeersNamespace() =>
        DeliversIntoTheInnerNamespace("r_to_peer", ToPeer, counter: 0, TcRedirectKind.Peer, ingress: true);

    [Fact]
    public void RedirectNeighborSendsOutOfTheInterfaceToTheNeighbour() =>
        DeliversIntoTheInnerNamespace("r_to_neighbor", ToNeighbor, counter: 1, TcRedirectKind.Neighbor, ingress: false);

    private static void DeliversIntoTheInnerNamespace(string program, Func<TcContext, TcAction> managed, uint counter, TcRedirectKind kind, bool ingress)
    {
        using var veth = new VethPair("tbg13");
        using var inner = new InnerNamespace(veth);
        Assert.Equal(1, veth.Ping(1));
        using var socket = NetworkNamespaceThread.Run(inner.Name, () =>
        {
            var bound = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 1000 };
            bound.Bind(new IPEndPoint(IPAddress.Parse(InnerNamespace.Address), ProbePort));
            return bound;
        });

        Send(veth, ["unredirected"]);
        Assert.Empty(Drain(socket));

        string[] sent = [.. Enumerable.Range(1, Datagrams).Select(i => $"redirected-{i}")];
        var (received, counted, ifindex) = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var programs = new CompiledAssembly(Assembly, program);
            int target = NetworkInterfaces.IndexOf(inner.HostInterface);
            programs.Map("Targets").Update(BitConverter.GetBytes(0u), BitConverter.GetBytes((uint)target));
            using var tc = programs.Program(program).AttachTc(veth.ReceiverInterface, AttachHook.TcIngress);
            Send(veth, sent);
            return (Drain(socket), programs.ReadUInt64("Redirected", counter), (uint)target);
        });

        Assert.Equal(sent, received);
        Assert.Equal((ulong)Datagrams, counted);

        Targets.Update(0, ifindex);
        var frame = FrameBuilder.Ethernet(0x0800).IPv4(17, 0x0AC90001, 0x0ACA0D02).Udp(40000, ProbePort, Encoding.ASCII.GetBytes(sent[0])).Build().Bytes;
        using var ctx = TcContext.ForPacket(frame);
        Assert.Equal(TcAction.Redirect, ManagedExecution.Run(managed, ctx));
        Assert.Equal((ifindex, ingress), ctx.RedirectedTo);
        Assert.Equal(kind, ctx.RedirectedBy);
    }

    private static void Send(VethPair veth, string[] payloads) => NetworkNamespaceThread.Run(veth.SenderNamespace, () =>
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        foreach (var payload in payloads)
        {
            sender.SendTo(Encoding.ASCII.GetBytes(payload), new IPEndPoint(IPAddress.Parse(InnerNamespace.Address), ProbePort));
        }
    });

    /// <summary>The datagrams waiting on <paramref name="socket"/>, read until none comes within its timeout.</summary>
    private static List<string> Drain(Socket socket)
    {
        var payloads = new List<string>();
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                payloads.Add(Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return payloads;
        }
    }
}
