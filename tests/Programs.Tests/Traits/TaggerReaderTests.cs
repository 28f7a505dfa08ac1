using System.Runtime.InteropServices;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Traits;

/// <summary>
/// The tagger sets traits at XDP and the reader finds them at TC. Managed execution hands the
/// tagger's store to the reader's context, as the kernel hands it to the sk_buff; the compiled
/// tagger (meta backend) writes the same store bytes into the metadata area as managed
/// execution keeps.
/// </summary>
[Collection("trait registry")]
public sealed class TaggerReaderTests
{
    private const int PacketIdKey = 5;
    private const int ReceivedKey = 6;
    private const int ClassKey = 7;

    private static byte[][] Traffic()
    {
        var random = new Random(3);
        return Enumerable.Range(0, 60).Select(n => (n % 3) switch
        {
            0 => PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, (ushort)(5000 + random.Next(3))).Build(),
            1 => PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(40000, 443, 0x02).Build(),
            _ => PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp).IcmpEcho(8).Build(),
        }).ToArray();
    }

    private static void ResetManaged()
    {
        TraitRegistry.Reset();
        TraitRegistry.Register("packet_id", PacketIdKey);
        TraitRegistry.Register("received_ns", ReceivedKey);
        TraitRegistry.Register("traffic_class", ClassKey);
        TrafficTagger.Rules.Clear();
        TrafficTagger.NextId.Clear();
        TrafficTagger.Tagged.Clear();
        TrafficReader.PerClass.Clear();
        TrafficReader.Seen.Clear();
        TrafficReader.Latencies.Clear();
        ReplyCounter.Replies.Clear();
        ReplyCounter.PerId.Clear();
    }

    [Fact]
    public void EveryPacketCarriesItsTraitsFromTaggerToReader()
    {
        ResetManaged();
        TrafficTagger.Rules.Update(new TrafficTagger.ClassRule { Protocol = IpProtocol.Udp, DestinationPort = 5001 }, 9u);
        var packets = Traffic();
        foreach (var packet in packets)
        {
            using var xdp = XdpContext.ForPacket(packet);
            Assert.Equal(XdpAction.Pass, ManagedExecution.Run(TrafficTagger.Run, xdp));
            using var tc = TcContext.ForPacket(packet, xdp.TraitStoreBytes);
            Assert.Equal(TcAction.Ok, ManagedExecution.Run(TrafficReader.Run, tc));
        }

        Assert.Equal((ulong)packets.Length, TrafficReader.Seen[0]);
        Assert.Equal(0UL, TrafficReader.Seen[1]);
        Assert.Equal(20UL, TrafficReader.PerClass[TrafficTagger.Tcp]);
        Assert.Equal(20UL, TrafficReader.PerClass[TrafficTagger.Icmp]);
        Assert.Equal(20UL, TrafficReader.PerClass[TrafficTagger.Udp] + TrafficReader.PerClass[9]);
        Assert.NotEqual(0UL, TrafficReader.PerClass[9]);
        var events = TrafficReader.Latencies.TakeRecords().Select(r => MemoryMarshal.Read<TrafficReader.LatencyEvent>(r)).ToList();
        Assert.Equal(Enumerable.Range(1, packets.Length).Select(i => (ulong)i), events.Select(e => e.PacketId));
    }

    [Fact]
    public void RepliesThatKeepTheirRequestsTraitsCountUnderTheRequestsIds()
    {
        ResetManaged();
        var packets = Traffic();
        foreach (var packet in packets)
        {
            using var xdp = XdpContext.ForPacket(packet);
            Assert.Equal(XdpAction.Pass, ManagedExecution.Run(TrafficTagger.Run, xdp));

            // The reply leaves with the request's store, as a service's SendWithTraits gives it.
            using var reply = TcContext.ForPacket(packet, xdp.TraitStoreBytes);
            Assert.Equal(TcAction.Ok, ManagedExecution.Run(ReplyCounter.Run, reply));
        }

        using (var bare = TcContext.ForPacket(packets[0]))
            Assert.Equal(TcAction.Ok, ManagedExecution.Run(ReplyCounter.Run, bare));
        using (var again = TcContext.ForPacket(packets[1], TagOnce(packets[1])))
            Assert.Equal(TcAction.Ok, ManagedExecution.Run(ReplyCounter.Run, again));

        Assert.Equal((ulong)packets.Length + 1, ReplyCounter.Replies[0]);
        Assert.Equal(1UL, ReplyCounter.Replies[1]);
        var perId = ReplyCounter.PerId.Entries.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(Enumerable.Range(1, packets.Length + 1).Select(i => (ulong)i), perId.Keys.Order());
        Assert.All(perId.Values, count => Assert.Equal(1UL, count));
    }

    private static byte[] TagOnce(byte[] packet)
    {
        using var xdp = XdpContext.ForPacket(packet);
        ManagedExecution.Run(TrafficTagger.Run, xdp);
        return xdp.TraitStoreBytes.ToArray();
    }

    [Fact]
    public void TheCompiledTaggerLeavesTheSameStoreInTheMetadataArea()
    {
        ResetManaged();
        using var programs = new CompiledAssembly(SamplesFixture.SamplesAssemblyPath, ["tagger"], bpf =>
        {
            bpf.SetConstant("__trait_packet_id", PacketIdKey.ToString(System.Globalization.CultureInfo.InvariantCulture));
            bpf.SetConstant("__trait_received_ns", ReceivedKey.ToString(System.Globalization.CultureInfo.InvariantCulture));
            bpf.SetConstant("__trait_traffic_class", ClassKey.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        foreach (var packet in Traffic())
        {
            var kernel = programs.Program("tagger").TestRun(packet);
            using var xdp = XdpContext.ForPacket(packet);
            ManagedExecution.Run(TrafficTagger.Run, xdp);
            Assert.Equal((uint)XdpAction.Pass, kernel.ReturnValue);
            var managedStore = xdp.TraitStoreBytes;
            // The meta backend's store follows its seal at the start of the metadata area.
            var kernelStore = kernel.DataOut[MetaTraitSeal.Size..(MetaTraitSeal.Size + managedStore.Length)];
            Assert.Equal(packet, kernel.DataOut[^packet.Length..]);

            // The header and the id and class agree byte for byte; the receive times come from different clocks.
            int timeOffset = 24 + 8;
            Assert.Equal(Convert.ToHexString(managedStore[..timeOffset]), Convert.ToHexString(kernelStore[..timeOffset]));
            Assert.Equal(Convert.ToHexString(managedStore[(timeOffset + 8)..]), Convert.ToHexString(kernelStore[(timeOffset + 8)..]));
        }

        Assert.Equal(60UL, programs.ReadUInt64("Tagged", 0));
    }
}
