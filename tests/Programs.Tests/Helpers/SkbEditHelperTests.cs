using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Compiles and loads the sk_buff edit helper programs once.</summary>
public sealed class SkbEditHelperFixture : IDisposable
{
    public SkbEditHelperFixture() => Programs = new CompiledAssembly(
        typeof(SkbEditHelperPrograms).Assembly.Location,
        "h_change_proto", "h_change_type", "h_change_head", "h_load_relative", "h_csum_level", "h_hash_invalid", "h_ecn", "h_tstamp",
        "h_clone_redirect", "h_sock_load_relative", "h_tunnel_opt", "h_route_realm", "h_xfrm_state");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// bpf_skb_change_proto, bpf_skb_change_type, bpf_skb_change_head, bpf_skb_load_bytes_relative, bpf_csum_level,
/// bpf_csum_update, bpf_set_hash_invalid, bpf_skb_ecn_set_ce, bpf_skb_set_tstamp and bpf_clone_redirect do in managed
/// execution what they do in the kernel's test run: the same results and the same output packet, on random packets
/// and arguments.
/// </summary>
public sealed class SkbEditHelperTests(SkbEditHelperFixture fixture) : IClassFixture<SkbEditHelperFixture>
{
    private HashSet<uint> RunTc(string name, Func<TcContext, TcAction> program, int seed, int count, int minLength, int maxLength, Action<Random, byte[]> arguments)
    {
        var random = new Random(seed);
        var results = new HashSet<uint>();
        for (int n = 0; n < count; n++)
        {
            var frame = SkbHelperTests.RandomFrame(random, random.Next(minLength, maxLength), f => arguments(random, f));
            results.Add(SampleRunner.Tc(fixture.Programs, name, program, frame).Action);
        }

        return results;
    }

    [Fact]
    public void ChangeProtocolAgreesWithTheKernel()
    {
        var results = RunTc("h_change_proto", SkbEditHelperPrograms.ChangeProtocol, 11, 300, 14, 120, (r, f) => f[6] = (byte)r.Next(4));
        var statuses = results.Select(v => v & 0xFFF).ToHashSet();
        Assert.Contains(0u, statuses);
        Assert.Contains(unchecked((uint)-Errno.EINVAL) & 0xFFF, statuses);
        Assert.Contains(unchecked((uint)-Errno.ENOTSUPP) & 0xFFF, statuses);
        Assert.Contains(0xDD86u, results.Where(v => (v & 0xFFF) == 0).Select(v => v >> 16));
        Assert.Contains(0x0008u, results.Where(v => (v & 0xFFF) == 0).Select(v => v >> 16));
    }

    [Fact]
    public void AnIPv4PacketBecomesIPv6With20ZeroBytesInFrontOfTheNetworkHeader()
    {
        var frame = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build();
        frame[6] = 0;
        var run = SampleRunner.Tc(fixture.Programs, "h_change_proto", SkbEditHelperPrograms.ChangeProtocol, frame);
        Assert.Equal(0xDD86u << 16, run.Action);
        Assert.Equal(frame.Length + 20, run.Output.Length);
        Assert.Equal(new byte[20], run.Output[14..34]);
        Assert.Equal(frame[14..], run.Output[34..]);
    }

    /// <summary>
    /// What eth_type_trans makes the packet type on the loopback device, where the test run puts the packet: its address
    /// and its broadcast address are all zeros, so a packet to zeros is PACKET_HOST, any other group address (broadcast
    /// included) PACKET_MULTICAST and any other address PACKET_OTHERHOST.
    /// </summary>
    private static uint LoopbackPacketType(byte[] frame) =>
        frame.AsSpan(0, 6).IndexOfAnyExcept((byte)0) < 0 ? 0u : (frame[0] & 1) != 0 ? 2u : 3u;

    [Fact]
    public void ChangeTypeAgreesWithTheKernel()
    {
        var random = new Random(12);
        var results = new HashSet<uint>();
        for (int n = 0; n < 200; n++)
        {
            var frame = SkbHelperTests.RandomFrame(random, random.Next(60, 100), f =>
            {
                f[6] = (byte)random.Next(6);
                byte[] destination = random.Next(4) switch
                {
                    0 => new byte[6],
                    1 => [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
                    2 => [0x01, 0x00, 0x5E, 0x00, 0x00, 0x01],
                    _ => [0x02, 0x00, 0x00, 0x00, 0x00, 0x07],
                };
                destination.CopyTo(f, 0);
            });
            uint kernel = fixture.Programs.Program("h_change_type").TestRun(frame).ReturnValue;
            using var ctx = TcContext.ForPacket(frame);
            ctx.PacketType = LoopbackPacketType(frame);
            Assert.Equal(kernel, (uint)ManagedExecution.Run(SkbEditHelperPrograms.ChangeType, ctx));
            results.Add(kernel);
        }

        Assert.Contains(unchecked((uint)-Errno.EINVAL) & 0xFFFF, results.Select(v => v & 0xFFFF));
        Assert.Equal([0u, 1u, 2u, 3u], results.Where(v => (v & 0xFFFF) == 0).Select(v => v >> 16).Distinct().Order());
    }

    [Fact]
    public void ChangeHeadAgreesWithTheKernel()
    {
        var results = RunTc("h_change_head", SkbEditHelperPrograms.ChangeHead, 13, 300, 14, 200, (r, f) =>
        {
            f[6] = (byte)r.Next(256);
            f[7] = (byte)(r.Next(5) == 0 ? r.Next(1, 3) : 0);
            f[8] = (byte)r.Next(256);
        });
        Assert.True(results.Count > 200);
    }

    [Fact]
    public void ChangeHeadPutsZeroBytesInFrontAndKeepsTheNetworkHeader()
    {
        var frame = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build();
        frame[6] = 2;
        frame[7] = 0;
        frame[8] = 0;
        var run = SampleRunner.Tc(fixture.Programs, "h_change_head", SkbEditHelperPrograms.ChangeHead, frame);
        Assert.Equal(frame.Length + 8, run.Output.Length);
        Assert.Equal(new byte[8], run.Output[..8]);
        Assert.Equal(frame, run.Output[8..]);
    }

    [Fact]
    public void LoadBytesRelativeAgreesWithTheKernel()
    {
        var results = RunTc("h_load_relative", SkbEditHelperPrograms.LoadBytesRelative, 14, 300, 14, 140, (r, f) =>
        {
            f[6] = (byte)(r.Next(10) == 0 ? 0xFF : 0);
            f[7] = (byte)r.Next(256);
            f[8] = (byte)r.Next(3);
        });
        Assert.Contains(0xFFFF0000u | Errno.EFAULT, results);
        Assert.True(results.Count > 100);
    }

    [Fact]
    public void SocketFilterLoadBytesRelativeAgreesWithTheKernel()
    {
        var random = new Random(15);
        var results = new HashSet<uint>();
        for (int n = 0; n < 200; n++)
        {
            var frame = SkbHelperTests.RandomFrame(random, random.Next(15, 100), f => { });
            uint kernel = fixture.Programs.Program("h_sock_load_relative").TestRun(frame).ReturnValue;
            using var ctx = SocketContext.ForPacket(frame.AsSpan(14));
            Assert.Equal(kernel, ManagedExecution.Run(SkbEditHelperPrograms.SocketLoadBytesRelative, ctx));
            results.Add(kernel);
        }

        Assert.Contains(0xFFFF0000u | Errno.EFAULT, results);
        Assert.True(results.Count > 50);
    }

    [Fact]
    public void ChecksumLevelAndUpdateAgreeWithTheKernel()
    {
        var results = RunTc("h_csum_level", SkbEditHelperPrograms.ChecksumLevel, 16, 400, 54, 120, (r, f) =>
        {
            f[6] = (byte)r.Next(256);
            f[7] = (byte)r.Next(3);
        });
        uint accessDenied = unchecked((uint)-Errno.EACCES) & 0xFF;
        Assert.Equal([0u, 1u, 2u, 3u, accessDenied], results.Select(v => v >> 24).Distinct().Order());
    }

    [Fact]
    public void InvalidatingTheHashClearsIt()
    {
        var results = RunTc("h_hash_invalid", SkbEditHelperPrograms.InvalidateHash, 17, 50, 14, 80, (r, f) => { });
        Assert.True(results.Count > 40);
    }

    [Fact]
    public void EcnSetCeAgreesWithTheKernel()
    {
        var results = RunTc("h_ecn", SkbEditHelperPrograms.SetEcnCongestionExperienced, 18, 600, 14, 100, (r, f) => f[6] = (byte)r.Next(4));
        var marks = results.Select(v => v & 0xFF).ToHashSet();
        Assert.Contains(0u, marks);
        Assert.Contains(1u, marks);
    }

    [Fact]
    public void SetTimestampAgreesWithTheKernel()
    {
        var results = RunTc("h_tstamp", SkbEditHelperPrograms.SetTimestamp, 19, 300, 14, 100, (r, f) => f[11] = (byte)r.Next(4));
        var statuses = results.Select(v => v & 0xFF).ToHashSet();
        Assert.Equal([0u, unchecked((uint)-Errno.EOPNOTSUPP) & 0xFF, unchecked((uint)-Errno.EINVAL) & 0xFF], statuses.Order());
    }

    /// <summary>
    /// In a namespace of the test's own (loopback down, a veth pair up), a clone sent out of or into a veth is taken
    /// (0), one sent out of the loopback device, which is down, is dropped by its noop queue (NET_XMIT_CN, 2), and an
    /// interface that does not exist gets -EINVAL; managed execution, told those answers, agrees and keeps each copy as it was before the program changed the original.
    /// </summary>
    [Fact]
    public void CloneRedirectAgreesWithTheKernel()
    {
        using var ns = new NetworkNamespace();
        var devices = new Dictionary<uint, int> { [1] = 2, [2] = 0, [3] = 0 };
        var random = new Random(20);
        var results = new HashSet<uint>();
        for (int n = 0; n < 100; n++)
        {
            var frame = SkbHelperTests.RandomFrame(random, random.Next(14, 100), f =>
            {
                f[6] = (byte)random.Next(5);
                f[7] = (byte)(f[6] >= 2 ? random.Next(2) : 0);
            });
            var kernel = NetworkNamespaceThread.Run(ns.Name, () => fixture.Programs.Program("h_clone_redirect").TestRun(frame));
            using var ctx = TcContext.ForPacket(frame);
            ctx.Devices = devices;
            Assert.Equal(kernel.ReturnValue, (uint)ManagedExecution.Run(SkbEditHelperPrograms.CloneRedirect, ctx));
            Assert.Equal(Convert.ToHexString(kernel.DataOut), Convert.ToHexString(ctx.Packet));
            if (devices.ContainsKey(frame[6]))
            {
                var clone = Assert.Single(ctx.Clones);
                Assert.Equal((frame[6], (frame[7] & 1) != 0), ((byte)clone.Ifindex, clone.Ingress));
                Assert.Equal(frame, clone.Packet);
            }

            results.Add(kernel.ReturnValue);
        }

        Assert.Equal([0u, 2u, unchecked((uint)-Errno.EINVAL)], results.Order());
    }

    [Fact]
    public void TunnelOptionsAgreeWithTheKernel()
    {
        var results = RunTc("h_tunnel_opt", SkbEditHelperPrograms.TunnelOptions, 21, 300, 64, 100, (r, f) =>
        {
            f[6] = (byte)r.Next(8);
            f[7] = (byte)r.Next(2);
        });
        uint noOptions = unchecked((uint)-Errno.ENOENT) & 0xFF, invalid = unchecked((uint)-Errno.EINVAL) & 0xFF, tooLong = unchecked((uint)-Errno.ENOMEM) & 0xFF;
        Assert.Equal([noOptions], results.Select(v => v & 0xFF).Distinct());
        Assert.Equal([invalid], results.Select(v => v >> 8 & 0xFF).Distinct());
        Assert.Equal([0u, invalid], results.Select(v => v >> 16 & 0xFF).Distinct().Order());
        Assert.Equal([4u, 8u, 16u, tooLong, noOptions], results.Select(v => v >> 24).Distinct().Order());
    }

    /// <summary>The test run's packet has not been routed, so its realm is 0; managed execution returns <see cref="TcContext.RouteRealm"/>, 0 unless a test gives one.</summary>
    [Fact]
    public void ARouteRealmIsZeroBeforeRoutingAndTheGivenOneInManagedExecution()
    {
        var frame = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build();
        Assert.Equal(0u, SampleRunner.Tc(fixture.Programs, "h_route_realm", SkbEditHelperPrograms.RouteRealm, frame).Action);
        using var ctx = TcContext.ForPacket(frame);
        ctx.RouteRealm = 7;
        Assert.Equal(7u, (uint)ManagedExecution.Run(SkbEditHelperPrograms.RouteRealm, ctx));
    }

    /// <summary>
    /// In a namespace of the test's own, pings to 10.79.0.5 leave a veth by a route with realm 7 (the neighbour entry
    /// is static, so the echo requests themselves go out): at TC egress the helper returns the route's realm.
    /// </summary>
    [Fact]
    public void AtEgressTheRouteRealmIsTheRoutes()
    {
        using var ns = new NetworkNamespace();
        ns.Ip("addr", "add", "10.78.0.1/24", "dev", ns.First);
        ns.Ip("route", "add", "10.79.0.0/24", "dev", ns.First, "realm", "7");
        ns.Ip("neigh", "add", "10.79.0.5", "lladdr", "02:00:00:00:00:05", "dev", ns.First);
        var seen = NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var programs = new CompiledAssembly(typeof(SkbEditHelperPrograms).Assembly.Location, "h_route_realm_egress");
            using var tc = programs.Program("h_route_realm_egress").AttachTc(ns.First, AttachHook.TcEgress);
            Tool.Run("ip", "netns", "exec", ns.Name, "ping", "-c", "2", "-i", "0.2", "-W", "1", "10.79.0.5");
            return (Count: programs.ReadUInt64("RealmsSeen", 0), Realm: programs.ReadUInt64("RealmsSeen", 1));
        });

        Assert.True(seen.Count >= 2, $"TC egress saw {seen.Count} IPv4 packets");
        Assert.Equal(7ul, seen.Realm);
    }

    /// <summary>
    /// A packet not received through IPsec has no state at any index (-EINVAL, the state zeroed), in the kernel and in
    /// managed execution; given a security path, managed execution reads its states, the remote address cut to one
    /// word for IPv4 as the kernel does, and refuses flags and indexes past it.
    /// </summary>
    [Fact]
    public unsafe void XfrmStatesAreThoseOfTheSecurityPath()
    {
        var results = RunTc("h_xfrm_state", SkbEditHelperPrograms.XfrmStateOf, 22, 50, 64, 80, (r, f) =>
        {
            f[6] = (byte)r.Next(3);
            f[7] = (byte)r.Next(2);
        });
        Assert.Equal([unchecked((uint)-Errno.EINVAL)], results);

        var ipv4 = new XfrmState { RequestId = 5, Spi = 0x00010000, Family = 2 };
        for (int i = 0; i < 4; i++)
        {
            ipv4.RemoteIPv6[i] = 0x0100000A + (uint)i;
        }

        var ipv6 = ipv4 with { Family = 10, RequestId = 6 };
        var frame = new byte[64];
        foreach (var (index, flags, expected) in new[] { (0, 0, 0), (1, 0, 0), (2, 0, -Errno.EINVAL), (0, 1, -Errno.EINVAL) })
        {
            frame[6] = (byte)index;
            frame[7] = (byte)flags;
            using var ctx = TcContext.ForPacket(frame);
            ctx.SecurityPath = [ipv4, ipv6];
            Assert.Equal(expected, (int)ManagedExecution.Run(SkbEditHelperPrograms.XfrmStateOf, ctx));
            var read = System.Runtime.InteropServices.MemoryMarshal.Read<XfrmState>(ctx.Packet.AsSpan(14));
            uint[] remote = [read.RemoteIPv6[0], read.RemoteIPv6[1], read.RemoteIPv6[2], read.RemoteIPv6[3]];
            uint[] want = expected != 0 ? [0, 0, 0, 0] : index == 0 ? [0x0100000A, 0, 0, 0] : [0x0100000A, 0x0100000B, 0x0100000C, 0x0100000D];
            Assert.Equal(want, remote);
            Assert.Equal(expected != 0 ? 0u : index == 0 ? 5u : 6u, read.RequestId);
        }
    }

    /// <summary>
    /// Between two namespaces of the test's own joined by a veth pair, a collect-metadata VXLAN device with group policy
    /// on each side: the sender's TC egress gives every packet a tunnel key and a group policy as tunnel options, the
    /// device puts the policy in the VXLAN header, and the receiver's TC ingress reads it back as 4 bytes of options
    /// with the key's id and the sender's address.
    /// </summary>
    [Fact]
    public void VxlanCarriesTheGroupPolicyGivenAsTunnelOptions()
    {
        using var veth = new VethPair();
        foreach (var (ns, device, address) in new[] { (veth.SenderNamespace, "vxs", "10.202.0.1/24"), (veth.ReceiverNamespace, "vxr", "10.202.0.2/24") })
        {
            Tool.RunClean("ip", "-n", ns, "link", "add", device, "type", "vxlan", "external", "gbp", "dstport", "4789");
            Tool.RunClean("ip", "-n", ns, "addr", "add", address, "dev", device);
            Tool.RunClean("ip", "-n", ns, "link", "set", device, "up");
        }

        Tool.RunClean("ip", "-n", veth.SenderNamespace, "neigh", "add", "10.202.0.2", "lladdr", "02:00:00:00:00:02", "dev", "vxs");
        using var programs = new CompiledAssembly(typeof(SkbEditHelperPrograms).Assembly.Location, "h_vxlan_gbp_set", "h_vxlan_gbp_get");
        using var sender = NetworkNamespaceThread.Run(veth.SenderNamespace, () => programs.Program("h_vxlan_gbp_set").AttachTc("vxs", AttachHook.TcEgress));
        using var receiver = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () => programs.Program("h_vxlan_gbp_get").AttachTc("vxr", AttachHook.TcIngress));
        Tool.Run("ip", "netns", "exec", veth.SenderNamespace, "ping", "-c", "2", "-i", "0.2", "-W", "1", "10.202.0.2");

        var seen = Enumerable.Range(0, 6).Select(slot => (long)programs.ReadUInt64("TunnelOptionsSeen", (uint)slot)).ToArray();
        Assert.True(seen[0] >= 2, $"the receiving VXLAN device's TC ingress saw {seen[0]} packets");
        Assert.Equal([sizeof(uint), SkbEditHelperPrograms.GroupPolicy, 0, SkbEditHelperPrograms.VxlanId, 0x0AC90001], seen[1..]);
    }
}
