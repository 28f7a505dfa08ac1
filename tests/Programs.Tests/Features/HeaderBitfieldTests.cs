using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the header bit field program once.</summary>
public sealed class HeaderBitfieldFixture : IDisposable
{
    public HeaderBitfieldFixture() => Programs = new CompiledAssembly(typeof(HeaderBitfieldPrograms).Assembly.Location, "feat_bitfields");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// The header bit fields put each value where the RFCs put it (checked against hand-made
/// bytes), and the compiled getters and setters agree with managed execution on random packets.
/// </summary>
public sealed unsafe class HeaderBitfieldTests(HeaderBitfieldFixture fixture) : IClassFixture<HeaderBitfieldFixture>
{
    [Fact]
    public void Ipv4FieldsSitWhereRfc791PutsThem()
    {
        var ip = new IPv4Header { VersionIhl = 0x45, Tos = 0x03, FragmentOffset = Net.Htons(0x4000 | 185) };
        Assert.Equal((4, 5, 0, 3, 2, true, false, 185), (ip.Version, ip.Ihl, ip.Dscp, ip.Ecn, ip.FragmentFlags, ip.DontFragment, ip.MoreFragments, ip.FragmentOffsetBlocks));

        ip.Dscp = 46;
        Assert.Equal(0xBB, ip.Tos);
        ip.Ecn = 0x1FE;
        Assert.Equal(0xBA, ip.Tos);
        ip.Ihl = 0x1F;
        ip.Version = 6;
        Assert.Equal(0x6F, ip.VersionIhl);
        ip.DontFragment = false;
        ip.MoreFragments = true;
        Assert.Equal(0x2000 | 185, Net.Ntohs(ip.FragmentOffset));
        ip.FragmentOffsetBlocks = 0xFFFF;
        Assert.Equal(0x3FFF, Net.Ntohs(ip.FragmentOffset));
        ip.FragmentFlags = 0b101;
        Assert.Equal(0xBFFF, Net.Ntohs(ip.FragmentOffset));
    }

    [Fact]
    public void Ipv6FieldsSitWhereRfc8200PutsThem()
    {
        var ip = new IPv6Header { VersionClassFlow = Net.Htonl(0x6B812345) };
        Assert.Equal((6, 0xB8, 46, 0, 0x12345), (ip.Version, ip.TrafficClass, ip.Dscp, ip.Ecn, ip.FlowLabel));

        ip.Ecn = 3;
        Assert.Equal(0x6BB12345u, Net.Ntohl(ip.VersionClassFlow));
        ip.FlowLabel = 0x7ABCDE;
        Assert.Equal(0x6BBABCDEu, Net.Ntohl(ip.VersionClassFlow));
        ip.TrafficClass = 0x100;
        ip.Version = 0x14;
        Assert.Equal(0x400ABCDEu, Net.Ntohl(ip.VersionClassFlow));
    }

    [Fact]
    public void TcpAndVlanFieldsSitWhereTheirStandardsPutThem()
    {
        var tcp = new TcpHeader { DataOffset = 0x81, Flags = 0x12 };
        Assert.Equal((8, true, true, false), (tcp.DataOffsetWords, tcp.Syn, tcp.Ack, tcp.Fin));
        tcp.DataOffsetWords = 5;
        tcp.Syn = false;
        tcp.Fin = true;
        tcp.Cwr = true;
        Assert.Equal((0x51, 0x91), (tcp.DataOffset, tcp.Flags));

        var vlan = new VlanHeader { Tci = Net.Htons(0xA064) };
        Assert.Equal((5, false, 100), (vlan.Pcp, vlan.Dei, vlan.VlanId));
        vlan.Dei = true;
        vlan.VlanId = 0x1FFF;
        vlan.Pcp = 1;
        Assert.Equal(0x3FFF, Net.Ntohs(vlan.Tci));
    }

    [Fact]
    public void KernelAndManagedAgreeOnRandomPackets()
    {
        var random = new Random(8200);
        for (int n = 0; n < 400; n++)
        {
            var packet = new byte[random.Next(HeaderBitfieldPrograms.MinimumLength, 160)];
            random.NextBytes(packet);
            var run = SampleRunner.Xdp(fixture.Programs, "feat_bitfields", HeaderBitfieldPrograms.Bitfields, packet);
            Assert.Equal((uint)XdpAction.Tx, run.Action);
        }
    }
}
