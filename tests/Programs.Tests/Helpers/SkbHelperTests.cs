using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Compiles and loads the TC packet helper programs once.</summary>
public sealed class SkbHelperFixture : IDisposable
{
    public SkbHelperFixture() => Programs = new CompiledAssembly(
        typeof(SkbHelperPrograms).Assembly.Location,
        "h_skb_load_bytes", "h_adjust_room", "h_vlan", "h_change_tail", "h_pull_data", "h_hash", "h_redirect_peer", "h_redirect_neigh", "h_xdp_bytes", "h_check_mtu", "h_tunnel_key", "h_xdp_check_mtu");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// The TC packet helpers (load bytes, adjust room, VLAN push and pop, change tail, pull data, hash,
/// redirect to a neighbour or a peer) and XDP's load and store bytes do in managed execution what they do in
/// the kernel's test run: the same results and the same output packet, on random packets and arguments.
/// </summary>
public sealed class SkbHelperTests(SkbHelperFixture fixture) : IClassFixture<SkbHelperFixture>
{
    private static readonly ushort[] EtherTypes = [0x0800, 0x86DD, 0x8100, 0x88A8, 0x0806, 0x88B5];

    /// <summary>
    /// Random bytes with an EtherType from the list (at least 34 bytes for IPv4 and 54 for IPv6, which the test
    /// run checks); <paramref name="arguments"/> fills the source MAC address the programs take their arguments from.
    /// A VLAN EtherType is followed by a tag and another EtherType from the list.
    /// </summary>
    internal static byte[] RandomFrame(Random random, int length, Action<byte[]> arguments)
    {
        var frame = new byte[length];
        random.NextBytes(frame);
        ushort etherType = EtherTypes[random.Next(EtherTypes.Length)];
        if ((etherType == 0x0800 && length < 34) || (etherType == 0x86DD && length < 54))
        {
            etherType = 0x88B5;
        }

        frame[12] = (byte)(etherType >> 8);
        frame[13] = (byte)etherType;
        if (etherType is 0x8100 or 0x88A8 && length >= 18)
        {
            ushort inner = EtherTypes[random.Next(2, EtherTypes.Length)];
            frame[16] = (byte)(inner >> 8);
            frame[17] = (byte)inner;
        }

        arguments(frame);
        return frame;
    }

    private HashSet<uint> RunTc(string name, Func<TcContext, TcAction> program, int seed, int count, int minLength, int maxLength, Action<Random, byte[]> arguments)
    {
        var random = new Random(seed);
        var results = new HashSet<uint>();
        for (int n = 0; n < count; n++)
        {
            var frame = RandomFrame(random, random.Next(minLength, maxLength), f => arguments(random, f));
            results.Add(SampleRunner.Tc(fixture.Programs, name, program, frame).Action);
        }

        return results;
    }

    [Fact]
    public void LoadBytesAgreesWithTheKernel()
    {
        var results = RunTc("h_skb_load_bytes", SkbHelperPrograms.LoadBytes, 1, 200, 14, 120, (r, f) => f[6] = (byte)r.Next(0, 130));
        Assert.Contains(0xFFFF0000u | Errno.EFAULT, results);
        Assert.True(results.Count > 50);
    }

    [Fact]
    public void AdjustRoomAgreesWithTheKernel()
    {
        var results = RunTc("h_adjust_room", SkbHelperPrograms.AdjustRoom, 2, 600, 14, 200, (r, f) =>
        {
            f[6] = (byte)r.Next(-48, 49);
            f[8] = (byte)(r.Next(4) == 0 ? r.Next(2) : 0);
            f[9] = (byte)(r.Next(3) == 0 ? 1 << r.Next(8) : 0);
        });
        var statuses = results.Select(v => v & 0xFFF).ToHashSet();
        Assert.Contains(0u, statuses);
        Assert.Contains(unchecked((uint)-Errno.EINVAL) & 0xFFF, statuses);
        Assert.Contains(unchecked((uint)-Errno.ENOTSUPP) & 0xFFF, statuses);
    }

    [Fact]
    public void VlanPushAndPopAgreeWithTheKernel()
    {
        var results = RunTc("h_vlan", SkbHelperPrograms.Vlan, 3, 600, 14, 100, (r, f) =>
        {
            f[6] = (byte)r.Next(256);
            f[7] = (byte)r.Next(256);
        });
        Assert.True(results.Count > 100);
    }

    [Fact]
    public void AVlanPushOffloadsTheTagAndASecondPushMovesTheFirstIntoThePacket()
    {
        var frame = PacketBuilderFrame();
        frame[6] = 0b0101;
        frame[7] = 0x21;
        var run = SampleRunner.Tc(fixture.Programs, "h_vlan", SkbHelperPrograms.Vlan, frame);
        Assert.Equal(frame.Length + 4, run.Output.Length);
        Assert.Equal("81000021", Convert.ToHexString(run.Output.AsSpan(12, 4)));
        Assert.Equal("0800", Convert.ToHexString(run.Output.AsSpan(16, 2)));
        Assert.Equal(1u << 31 | 0x22u << 16 | (0x0081u ^ 0x0081u), run.Action);
    }

    private static byte[] PacketBuilderFrame() =>
        PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build();

    [Fact]
    public void ChangeTailAgreesWithTheKernel()
    {
        var results = RunTc("h_change_tail", SkbHelperPrograms.ChangeTail, 4, 200, 14, 300, (r, f) =>
        {
            f[6] = (byte)r.Next(3);
            f[7] = (byte)r.Next(256);
        });
        Assert.Contains(unchecked((uint)-Errno.EINVAL), results.Select(v => v & 0xFFFF | 0xFFFF0000));
        Assert.True(results.Count > 50);
    }

    [Fact]
    public void PullDataAgreesWithTheKernel()
    {
        var results = RunTc("h_pull_data", SkbHelperPrograms.PullData, 5, 200, 14, 300, (r, f) =>
        {
            f[6] = (byte)r.Next(2);
            f[7] = (byte)r.Next(256);
        });
        Assert.Contains(unchecked((uint)-Errno.ENOMEM) & 0x00FFFFFF, results.Select(v => v & 0x00FFFFFF));
        Assert.Contains(0u, results.Select(v => v & 0x00FFFFFF));
    }

    [Fact]
    public void SetHashIsWhatGetHashRecalcReturns()
    {
        var results = RunTc("h_hash", SkbHelperPrograms.Hash, 6, 50, 14, 80, (r, f) => { });
        Assert.True(results.Count > 40);
    }

    /// <summary>The MTU of the loopback device, where the test run puts TC and XDP packets; the managed contexts get it.</summary>
    private static uint LoopbackMtu => uint.Parse(File.ReadAllText("/sys/class/net/lo/mtu").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A frame for the MTU programs: a length in bytes 6 and 7 (often 0: the packet's own), flags from 0 to <paramref name="maxFlags"/> in byte 9.</summary>
    private static byte[] MtuFrame(Random random, int maxFlags) => RandomFrame(random, random.Next(14, 200), f =>
    {
        f[6] = (byte)(random.Next(3) == 0 ? 0 : random.Next(256));
        f[9] = (byte)(random.Next(4) == 0 ? random.Next(maxFlags + 1) : 0);
    });

    [Fact]
    public void CheckMtuAgreesWithTheKernel()
    {
        uint loopbackMtu = LoopbackMtu;
        var random = new Random(8);
        var results = new HashSet<uint>();
        for (int n = 0; n < 300; n++)
        {
            var frame = MtuFrame(random, 3);
            uint kernel = fixture.Programs.Program("h_check_mtu").TestRun(frame).ReturnValue;
            using var ctx = TcContext.ForPacket(frame);
            ctx.DeviceMtu = loopbackMtu;
            Assert.Equal(kernel, (uint)ManagedExecution.Run(SkbHelperPrograms.CheckMtu, ctx));
            results.Add(kernel & 0xF);
        }

        Assert.Equal([0u, 1u, unchecked((uint)-Errno.EINVAL) & 0xF], results.Order());
    }

    [Fact]
    public void XdpCheckMtuAgreesWithTheKernel()
    {
        uint loopbackMtu = LoopbackMtu;
        var random = new Random(10);
        var statuses = new HashSet<int>();
        for (int n = 0; n < 300; n++)
        {
            var frame = MtuFrame(random, 1);
            var kernel = fixture.Programs.Program("h_xdp_check_mtu").TestRun(frame);
            using var ctx = XdpContext.ForPacket(frame);
            ctx.DeviceMtu = loopbackMtu;
            Assert.Equal(kernel.ReturnValue, (uint)ManagedExecution.Run(SkbHelperPrograms.XdpCheckMtu, ctx));
            Assert.Equal(Convert.ToHexString(kernel.DataOut), Convert.ToHexString(ctx.Packet));
            statuses.Add(BitConverter.ToInt32(kernel.DataOut, 0));
        }

        Assert.Equal([-Errno.EINVAL, CheckMtuResult.Fits, CheckMtuResult.FragmentationNeeded], statuses.Order());
    }

    [Fact]
    public void TunnelKeysAgreeWithTheKernel()
    {
        var results = RunTc("h_tunnel_key", SkbHelperPrograms.TunnelKeys, 9, 300, 64, 100, (r, f) =>
        {
            f[8] = (byte)(r.Next(4) == 0 ? r.Next(4) : 0);
            f[9] = (byte)(r.Next(4) == 0 ? r.Next(64) : r.Next(2));
            f[10] = (byte)(r.Next(4) == 0 ? r.Next(32) : f[9] & 1 | (r.Next(2) << 4));
        });
        var set = results.Select(v => v >> 8 & 0xFF).ToHashSet();
        var got = results.Select(v => v >> 16 & 0xFF).ToHashSet();
        Assert.Equal([unchecked((uint)-Errno.EINVAL) & 0xFF], results.Select(v => v & 0xFF).Distinct());
        Assert.Contains(0u, set);
        Assert.Contains(0u, got);
        Assert.Contains(unchecked((uint)-Errno.EPROTO) & 0xFF, got);
    }

    [Fact]
    public void RedirectToAPeerOrThroughTheNeighbourTableReturnsTheRedirectAction()
    {
        var frame = PacketBuilderFrame();
        frame[6] = 9;
        Assert.Equal((uint)TcAction.Redirect, SampleRunner.Tc(fixture.Programs, "h_redirect_peer", SkbHelperPrograms.RedirectPeer, frame).Action);
        Assert.Equal((uint)TcAction.Redirect, SampleRunner.Tc(fixture.Programs, "h_redirect_neigh", SkbHelperPrograms.RedirectNeighbor, frame).Action);
        using var ctx = TcContext.ForPacket(frame);
        SkbHelperPrograms.RedirectPeer(ctx);
        Assert.Equal((9u, true), ctx.RedirectedTo);
        Assert.Equal(TcRedirectKind.Peer, ctx.RedirectedBy);
    }

    [Fact]
    public void XdpLoadAndStoreBytesAgreeWithTheKernel()
    {
        var actions = SampleRunner.XdpOnRandomPackets(fixture.Programs, "h_xdp_bytes", SkbHelperPrograms.XdpBytes, 7, 300, 14, 100);
        Assert.Contains((uint)XdpAction.Tx, actions);
        Assert.Contains((uint)XdpAction.Drop, actions);
    }
}
