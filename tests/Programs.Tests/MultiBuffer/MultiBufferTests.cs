using System.Net;
using System.Net.Sockets;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.MultiBuffer.MultiBufferPrograms;

namespace TraitsBpf.Programs.Tests.MultiBuffer;

/// <summary>
/// Multi-buffer XDP: programs marked <c>Fragments = true</c> are in section <c>xdp.frags</c>, libbpf loads them with
/// BPF_F_XDP_HAS_FRAGS, and a veth whose MTU lets packets larger than a page arrive takes them in native mode (and
/// refuses a program without the mark); a datagram larger than a page reaches the program in fragments, whose bytes
/// bpf_xdp_load_bytes reads as they were sent. Under BPF_PROG_TEST_RUN, a frame larger than the first buffer becomes a
/// multi-buffer packet, and managed execution lays it out and changes it as the kernel does.
/// </summary>
public sealed unsafe class MultiBufferTests
{
    private const int JumboMtu = 9000;
    private const int PayloadLength = 8500;
    private static readonly string Assembly = typeof(MultiBufferPrograms).Assembly.Location;

    [Fact]
    public void FragmentsMarkGivesTheXdpFragsSection()
    {
        using var programs = new CompiledAssembly(Assembly, "mb_probe", "mb_edit_linear", "mb_on_cpu");
        Assert.Equal("xdp.frags", programs.Program("mb_probe").SectionName);
        Assert.Equal("xdp", programs.Program("mb_edit_linear").SectionName);
        Assert.Equal("xdp.frags/cpumap", programs.Program("mb_on_cpu").SectionName);
        Assert.Equal(XdpMapSlot.CpuMap, programs.Program("mb_on_cpu").MapSlot);
    }

    [Fact]
    public void LoadStoreAndAdjustTailAcrossFragmentsAgreeWithTheKernel()
    {
        using var programs = new CompiledAssembly(Assembly, "mb_edit", "mb_edit_linear");
        foreach (var (name, seed) in new[] { ("mb_edit", 1), ("mb_edit_linear", 2) })
        {
            var actions = SampleRunner.XdpOnRandomPackets(programs, name, Edit, seed, 150, 3000, 20000, (random, packet) =>
            {
                Put(packet, 6, Offset(random, packet.Length));
                Put(packet, 8, Offset(random, packet.Length));
                short delta = (short)(random.Next(3) switch { 0 => random.Next(-200, 200), 1 => random.Next(-9000, 4200), _ => -(packet.Length - 3520) + random.Next(-40, 40) });
                Put(packet, 10, (ushort)delta);
            });
            Assert.Contains((uint)XdpAction.Tx, actions);
            Assert.Contains((uint)XdpAction.Drop, actions);
        }
    }

    [Fact]
    public void ManagedPacketsSplitAsTheTestRunSplitsThem()
    {
        var frame = Datagram(ProbePort);
        using var ctx = XdpContext.ForPacket(frame);
        Assert.Equal(3520, (int)(ctx.DataEnd - ctx.Data));
        Assert.Equal((ulong)frame.Length, ctx.BufferLength());
        Assert.Equal(frame, ctx.Packet);
        Assert.Throws<NotSupportedException>(() => ctx.PacketDynptr(out _));
        Assert.Throws<ArgumentException>(() => XdpContext.ForPacket(new byte[3520 + (17 * 4096) + 1]));
    }

    [Fact]
    public void ADatagramLargerThanAPageReachesTheProgramInFragmentsOnAJumboVeth()
    {
        using var veth = new VethPair("tbg13");
        veth.SetMtu(JumboMtu);
        Assert.Equal(1, veth.Ping(1));
        var frame = Datagram(ProbePort);
        var (kernel, received, mode) = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var programs = new CompiledAssembly(Assembly, "mb_probe");
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
            socket.Bind(new IPEndPoint(IPAddress.Parse(VethPair.ReceiverAddress), ProbePort));
            using var xdp = programs.Program("mb_probe").AttachXdp(veth.ReceiverInterface, XdpMode.Native);
            int mode = veth.ReceiverXdpMode();
            NetworkNamespaceThread.Run(veth.SenderNamespace, () =>
            {
                using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                sender.SendTo(Payload(), new IPEndPoint(IPAddress.Parse(VethPair.ReceiverAddress), ProbePort));
            });
            var buffer = new byte[PayloadLength + 100];
            int length = socket.Receive(buffer);
            var value = new byte[programs.Map("Probes").ValueSize];
            Assert.True(programs.Map("Probes").Lookup(BitConverter.GetBytes(0u), value));
            return (Read(value), buffer[..length], mode);
        });

        Assert.Equal(1, mode); // native (driver) mode, where veth checks the MTU
        Assert.Equal(Payload(), received);
        Assert.Equal(1UL, kernel.Packets);
        Assert.Equal((ulong)frame.Length, kernel.BufferLength);
        Assert.True(kernel.FirstBufferLength < (ulong)SecondFragmentOffset - 4096, $"the first buffer held {kernel.FirstBufferLength} bytes");
        Assert.Equal(0u, kernel.Results);
        Assert.Equal(BitConverter.ToUInt64(frame, (int)kernel.FirstBufferLength - 4), kernel.AcrossFirstBuffer);
        Assert.Equal(BitConverter.ToUInt64(frame, SecondFragmentOffset), kernel.InSecondFragment);
        Assert.Equal(BitConverter.ToUInt64(frame, frame.Length - 8), kernel.LastBytes);

        // veth builds the first buffer as the test run does (a page less headroom and skb_shared_info), so managed
        // execution of the same frame records the same.
        Probes.Clear();
        using var ctx = XdpContext.ForPacket(frame);
        Assert.Equal(XdpAction.Pass, ManagedExecution.Run(Probe, ctx));
        Assert.Equal(kernel, Probes[0]);
    }

    [Fact]
    public void AProgramWithoutTheMarkIsRefusedOnAJumboVethInOneSentence()
    {
        using var veth = new VethPair("tbg13");
        veth.SetMtu(JumboMtu);
        var refusal = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var programs = new CompiledAssembly(Assembly, "mb_edit_linear");
            return Assert.Throws<LoaderException>(() => programs.Program("mb_edit_linear").AttachXdp(veth.ReceiverInterface, XdpMode.Native));
        });

        Assert.Equal(
            $"the driver of {veth.ReceiverInterface} refused the program: the MTU (a veth checks its peer's) lets packets larger than one page arrive, and the program takes only single-buffer packets; mark it [Xdp(name, Fragments = true)] (in C, SEC(\"xdp.frags\")) so that it takes multi-buffer packets, or lower the MTU",
            refusal.Message);
    }

    private static FragmentProbe Read(byte[] value)
    {
        fixed (byte* bytes = value)
        {
            return *(FragmentProbe*)bytes;
        }
    }

    /// <summary>A payload no two 8-byte windows of which are alike at the offsets the probe reads.</summary>
    private static byte[] Payload() => [.. Enumerable.Range(0, PayloadLength).Select(i => (byte)(i * 7 + (i >> 8)))];

    /// <summary>The frame the sender's datagram is on the wire, apart from addresses and IPv4 identification.</summary>
    private static byte[] Datagram(ushort port) =>
        FrameBuilder.Ethernet(0x0800).IPv4(17, 0x0AC90001, 0x0AC90002).Udp(40000, port, Payload()).Build().Bytes;

    /// <summary>An offset near a buffer or fragment boundary, at the end of the packet or past it, or anywhere.</summary>
    private static ushort Offset(Random random, int length) => (ushort)Math.Max(0, random.Next(5) switch
    {
        0 => 3520 + random.Next(-12, 12),
        1 => 7616 + random.Next(-12, 12),
        2 => length + random.Next(-12, 12),
        _ => random.Next(length + 16),
    });

    private static void Put(byte[] packet, int at, ushort value)
    {
        packet[at] = (byte)(value >> 8);
        packet[at + 1] = (byte)value;
    }
}
