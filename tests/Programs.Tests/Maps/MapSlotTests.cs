using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Maps.MapSlotPrograms;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// CPUMAP and DEVMAP programs on real traffic: UDP from the sender's namespace reaches an XDP program (generic mode) on
/// the receiving veth, which redirects it into a CPU map or device map slot holding a second program. The CPUMAP program
/// runs on the slot's CPU and decides whether the stack gets the datagram (a socket receives it or not); the DEVMAP
/// program sees the slot's interface as the egress interface and decides whether it leaves (the peer counts what
/// arrives). The counters user space reads agree with managed execution of the same datagrams through
/// <see cref="ManagedExecution.Deliver"/>.
/// </summary>
public sealed class MapSlotTests
{
    private const ushort PassPort = 9000;
    private const int Passed = 5;
    private const int Dropped = 3;
    private const uint QueueSize = 192;
    private static readonly string Assembly = typeof(MapSlotPrograms).Assembly.Location;

    [Fact]
    public void CpuMapProgramRunsOnTheSlotsCpuAndItsVerdictDecidesWhatTheStackGets()
    {
        using var veth = new VethPair();
        var (kernel, passReceived, dropReceived, listed) = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var programs = new CompiledAssembly(Assembly, ["m_to_cpu", "m_on_cpu"]);
            var onCpu = programs.Program("m_on_cpu");
            Assert.Equal(XdpMapSlot.CpuMap, onCpu.MapSlot);
            programs.Map("Cpus").UpdateSlot(TargetCpu, QueueSize, onCpu);
            using var passSocket = Listen(PassPort);
            using var dropSocket = Listen(DropPort);
            using var xdp = programs.Program("m_to_cpu").AttachXdp(veth.ReceiverInterface, XdpMode.Generic);
            veth.SendUdp(Passed, PassPort);
            veth.SendUdp(Dropped, DropPort);
            var counts = Enumerable.Range(0, 8).Select(i => programs.ReadUInt64("CpuVerdicts", (uint)i)).ToArray();
            var slot = new byte[8];
            Assert.True(programs.Map("Cpus").Lookup(BitConverter.GetBytes(TargetCpu), slot));
            return (counts, Drain(passSocket), Drain(dropSocket), (BitConverter.ToUInt32(slot), BitConverter.ToUInt32(slot, 4), onCpu.Info().Id));
        });

        Assert.Equal(Passed, passReceived);
        Assert.Equal(0, dropReceived);
        Assert.Equal((ulong)Passed, kernel[TargetCpu * 2]);
        Assert.Equal((ulong)Dropped, kernel[TargetCpu * 2 + 1]);
        Assert.Equal(QueueSize, listed.Item1);
        Assert.Equal(listed.Item3, listed.Item2);

        CpuVerdicts.Clear();
        Cpus.Clear();
        Cpus.Set(TargetCpu, QueueSize, OnCpu);
        var deliveries = Datagrams().Select(packet => Deliver(ToCpu, packet)).ToList();
        Assert.Equal(Passed, deliveries.Count(d => d is { Action: XdpAction.Redirect, SlotAction: XdpAction.Pass, Dropped: false }));
        Assert.Equal(Dropped, deliveries.Count(d => d is { Action: XdpAction.Redirect, SlotAction: XdpAction.Drop, Dropped: true }));
        Assert.Equal(kernel, Enumerable.Range(0, 8).Select(i => CpuVerdicts[(uint)i]).ToArray());
    }

    [Fact]
    public void DevMapProgramSeesTheEgressInterfaceAndItsVerdictDecidesWhatLeaves()
    {
        using var veth = new VethPair();
        // A second pair inside the receiver's namespace: out of one end, the slot's interface, into the other.
        // Without IPv6 neither end sends anything of its own, so the far end counts exactly what was redirected.
        Run.Command("ip", "netns", "exec", veth.ReceiverNamespace, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1").EnsureSuccess();
        veth.IpInReceiver("link", "add", "slotout", "type", "veth", "peer", "name", "slotin").EnsureSuccess();
        veth.IpInReceiver("link", "set", "slotout", "up").EnsureSuccess();
        veth.IpInReceiver("link", "set", "slotin", "up").EnsureSuccess();
        var (kernel, egress, arrived) = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            int slotOut = NetworkInterfaces.IndexOf("slotout");
            using var programs = new CompiledAssembly(Assembly, ["m_to_port", "m_on_port"]);
            programs.Map("Ports").UpdateSlot(TargetPort, (uint)slotOut, programs.Program("m_on_port"));
            long before = ReceivedPackets(veth, "slotin");
            using var xdp = programs.Program("m_to_port").AttachXdp(veth.ReceiverInterface, XdpMode.Generic);
            veth.SendUdp(Passed, PassPort);
            veth.SendUdp(Dropped, DropPort);
            var counts = Enumerable.Range(0, 3).Select(i => programs.ReadUInt64("EgressVerdicts", (uint)i)).ToArray();
            return (counts, (ulong)slotOut, ReceivedPackets(veth, "slotin") - before);
        });

        Assert.Equal(egress, kernel[0]);
        Assert.Equal((ulong)Passed, kernel[1]);
        Assert.Equal((ulong)Dropped, kernel[2]);
        Assert.Equal(Passed, arrived);

        EgressVerdicts.Clear();
        Ports.Clear();
        Ports.Set(TargetPort, (uint)egress, OnPort);
        var deliveries = Datagrams().Select(packet => Deliver(ToPort, packet)).ToList();
        Assert.Equal(Passed, deliveries.Count(d => !d.Dropped));
        Assert.Equal(kernel, Enumerable.Range(0, 3).Select(i => EgressVerdicts[(uint)i]).ToArray());
    }

    [Fact]
    public void ManagedSlotsTakeOnlyTheProgramsTheKernelTakes()
    {
        var cpus = new CpuMap(2, programs: true);
        Assert.Throws<ArgumentException>(() => cpus.Set(0, QueueSize, OnPort));
        Assert.Throws<InvalidOperationException>(() => new CpuMap(2).Set(0, QueueSize, OnCpu));
        cpus.Set(1, QueueSize, OnCpu);
        using var ctx = XdpContext.ForPacket(Udp(DropPort));
        // A program that returns XDP_REDIRECT without choosing a target: the kernel drops the packet.
        Assert.True(ManagedExecution.Deliver(_ => XdpAction.Redirect, ctx).Dropped);
    }

    [Fact]
    public void SlotProgramsCannotBeAttachedToAnInterfaceNorTestRunAndGoOnlyInTheirKindOfSlot()
    {
        using var ns = new NetworkNamespace();
        NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var programs = new CompiledAssembly(Assembly, ["m_to_cpu", "m_on_cpu", "m_on_port"]);
            var attach = Assert.Throws<LoaderException>(() => programs.Program("m_on_cpu").AttachXdp(ns.First, XdpMode.Generic));
            Assert.Equal("program 'm_on_cpu' is an xdp/cpumap program: the kernel runs it from a CPU map slot a packet is redirected to, never on an interface; put it in a slot (BpfMap.UpdateSlot, traitsbpf load --slot) and attach the program that redirects", attach.Message);
            var run = Assert.Throws<LoaderException>(() => programs.Program("m_on_port").TestRun(Udp(DropPort)));
            Assert.StartsWith("program 'm_on_port' is an xdp/devmap program, which the kernel does not test-run (BPF_PROG_TEST_RUN answers EINVAL)", run.Message, StringComparison.Ordinal);
            var wrongSlot = Assert.Throws<LoaderException>(() => programs.Map("Cpus").UpdateSlot(0, QueueSize, programs.Program("m_on_port")));
            Assert.Contains("program 'm_on_port' (section 'xdp/devmap') is not an xdp/cpumap program", wrongSlot.Message, StringComparison.Ordinal);
        });
    }

    private static XdpDelivery Deliver(Func<XdpContext, XdpAction> program, byte[] packet)
    {
        using var ctx = XdpContext.ForPacket(packet);
        return ManagedExecution.Deliver(program, ctx);
    }

    private static IEnumerable<byte[]> Datagrams() =>
        Enumerable.Repeat(PassPort, Passed).Concat(Enumerable.Repeat(DropPort, Dropped)).Select(Udp);

    private static byte[] Udp(ushort port) =>
        PacketBuilder.Ethernet(0x0800).IPv4(IpProtocol.Udp, 0x0AC90001, 0x0AC90002).Udp(40000, port, 12).Build();

    private static Socket Listen(ushort port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 300 };
        socket.Bind(new IPEndPoint(IPAddress.Parse(VethPair.ReceiverAddress), port));
        return socket;
    }

    /// <summary>Datagrams waiting on <paramref name="socket"/>, read until none comes for a while.</summary>
    private static int Drain(Socket socket)
    {
        var buffer = new byte[2048];
        int count = 0;
        try
        {
            while (true)
            {
                socket.Receive(buffer);
                count++;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return count;
        }
    }

    private static long ReceivedPackets(VethPair veth, string iface)
    {
        var json = veth.IpInReceiver("-j", "-s", "link", "show", "dev", iface).EnsureSuccess().Stdout;
        return JsonDocument.Parse(json).RootElement[0].GetProperty("stats64").GetProperty("rx").GetProperty("packets").GetInt64();
    }
}
