using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>
/// The XDP receive-metadata kfuncs on real packets: inside a namespace of its own, a veth end tags what it
/// sends with a VLAN (TC egress, the tag beside the sk_buff as a NIC that strips tags gives it) and the peer
/// runs <see cref="KfuncPrograms.RxMetadata"/> bound to it; veth answers all three kfuncs. Managed execution
/// returns what <see cref="XdpContext.RxMetadata"/> says, with the kernel's errors when it says nothing.
/// </summary>
public sealed class RxMetadataTests
{
    private static readonly string Assembly = typeof(KfuncPrograms).Assembly.Location;

    [Fact]
    public void Veth_gives_the_hash_the_timestamp_and_the_stripped_vlan_tag()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "addr", "add", "10.77.0.1/24", "dev", ns.First);
        var values = NetworkNamespaceThread.Run(ns.Name, () =>
        {
            int ifindex = NetworkInterfaces.IndexOf(ns.Second);
            using var programs = new CompiledAssembly(Assembly, ["k_rx_metadata", "k_vlan_tag"], obj => obj.Program("k_rx_metadata").BindToDevice(ifindex));
            using var xdp = programs.Program("k_rx_metadata").AttachXdp(ns.Second);
            using var tc = programs.Program("k_vlan_tag").AttachTc(ns.First, AttachHook.TcEgress);
            // Nobody answers 10.77.0.2: each ping is an ARP request out of the first end, into the second's XDP.
            Tool.Run("ip", "netns", "exec", ns.Name, "ping", "-c", "3", "-i", "0.2", "-W", "1", "10.77.0.2");
            return Enumerable.Range(0, 8).Select(slot => (long)programs.ReadUInt64("RxResults", (uint)slot)).ToArray();
        });

        Assert.True(values[0] >= 1, $"the XDP program saw {values[0]} packets");
        Assert.Equal(0, values[1]);
        Assert.Equal(0, values[2]);
        Assert.Equal(0, values[3]);
        Assert.NotEqual(0, values[4]);
        Assert.Equal((long)KfuncPrograms.VlanProtocolNetworkOrder << 16 | KfuncPrograms.VlanTci, values[7]);
    }

    [Fact]
    public void Managed_execution_returns_the_devices_values_or_the_kernels_errors()
    {
        var packet = new byte[64];
        KfuncPrograms.RxResults.Clear();
        using (var ctx = XdpContext.ForPacket(packet))
        {
            ManagedExecution.Run(KfuncPrograms.RxMetadata, ctx);
        }

        Assert.Equal(-Errno.EOPNOTSUPP, KfuncPrograms.RxResults[1]);
        Assert.Equal(-Errno.EOPNOTSUPP, KfuncPrograms.RxResults[2]);
        Assert.Equal(-Errno.EOPNOTSUPP, KfuncPrograms.RxResults[3]);

        var metadata = new RxMetadata(Hash: 0xA1B2C3D4, HashType: RxHashType.L3IPv4 | RxHashType.L4 | RxHashType.L4Udp, VlanProtocol: KfuncPrograms.VlanProtocolNetworkOrder, VlanTci: KfuncPrograms.VlanTci);
        using (var ctx = XdpContext.ForPacket(packet))
        {
            ctx.RxMetadata = metadata;
            ManagedExecution.Run(KfuncPrograms.RxMetadata, ctx);
        }

        Assert.Equal(2, KfuncPrograms.RxResults[0]);
        Assert.Equal(0, KfuncPrograms.RxResults[1]);
        Assert.Equal(-Errno.ENODATA, KfuncPrograms.RxResults[2]);
        Assert.Equal(0, KfuncPrograms.RxResults[3]);
        Assert.Equal(0xA1B2C3D4, KfuncPrograms.RxResults[4]);
        Assert.Equal(41, KfuncPrograms.RxResults[5]);
        Assert.Equal((long)KfuncPrograms.VlanProtocolNetworkOrder << 16 | KfuncPrograms.VlanTci, KfuncPrograms.RxResults[7]);
    }
}
