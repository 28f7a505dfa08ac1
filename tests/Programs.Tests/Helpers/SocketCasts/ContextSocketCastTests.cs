using System.Runtime.InteropServices;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>
/// The kernel's test run gives a TC or cgroup skb program a socket it makes up for the packet (of the packet's family
/// and no protocol, net/bpf/test_run.c): <see cref="TcContext.Socket"/> and <see cref="CgroupSkbContext.Socket"/> find
/// it, and no cast answers for it. Managed execution, given such a socket, agrees; given none, the program sees null.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe class ContextSocketCastTests(SocketCastFixture fixture) : IClassFixture<SocketCastFixture>
{
    [Theory]
    [InlineData(EtherType.IPv4, 2u)]
    [InlineData(EtherType.IPv6, 10u)]
    public void The_test_runs_own_socket_is_of_the_packets_family_and_casts_to_nothing(ushort etherType, uint family)
    {
        var frame = etherType == EtherType.IPv4
            ? PacketBuilder.Ethernet(etherType).IPv4(IpProtocol.Udp).Udp(40000, 53, 32).Build()
            : PacketBuilder.Ethernet(etherType).IPv6(IpProtocol.Udp).Udp(40000, 53, 32).Build();
        SocketTable.Clear();
        try
        {
            var madeUp = (BpfSocketCommon*)SocketTable.Add(new BpfSocket { Family = family, RxQueueMapping = -1 });
            var kernel = fixture.Programs.Program("h_skc_ctx").TestRun(frame);
            using (var ctx = TcContext.ForPacket(frame))
            {
                ctx.Socket = madeUp;
                Assert.Equal(TcAction.Ok, ManagedExecution.Run(SocketCastPrograms.ContextSocket, ctx));
                Assert.Equal(Convert.ToHexString(kernel.DataOut), Convert.ToHexString(ctx.Packet));
            }

            Assert.Equal(new ContextSocketReport { Found = 1, Casts = 0, Family = family }, MemoryMarshal.Read<ContextSocketReport>(kernel.DataOut));

            var map = fixture.Programs.Map("CgroupReports");
            map.Update(BitConverter.GetBytes(0u), new byte[map.ValueSize]);
            Assert.Equal((uint)CgroupSkbVerdict.Allow, fixture.Programs.Program("h_skc_cgroup").TestRun(frame).ReturnValue);
            var cgroup = new byte[map.ValueSize];
            Assert.True(map.Lookup(BitConverter.GetBytes(0u), cgroup));
            SocketCastPrograms.CgroupReports[0] = default;
            using (var ctx = CgroupSkbContext.ForPacket(frame.AsSpan(14)))
            {
                ctx.Socket = madeUp;
                Assert.Equal(CgroupSkbVerdict.Allow, ManagedExecution.Run(SocketCastPrograms.CgroupContextSocket, ctx));
            }

            Assert.Equal(MemoryMarshal.Read<ContextSocketReport>(cgroup), SocketCastPrograms.CgroupReports[0]);
            Assert.Equal(new ContextSocketReport { Found = 1, Casts = 0, Family = family }, SocketCastPrograms.CgroupReports[0]);
        }
        finally
        {
            SocketTable.Clear();
        }
    }

    [Fact]
    public void Without_a_socket_managed_execution_gives_the_program_null()
    {
        var frame = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, 53, 32).Build();
        using var ctx = TcContext.ForPacket(frame);
        Assert.Equal(TcAction.Ok, ManagedExecution.Run(SocketCastPrograms.ContextSocket, ctx));
        Assert.Equal(0u, MemoryMarshal.Read<ContextSocketReport>(ctx.Packet).Found);
    }
}
