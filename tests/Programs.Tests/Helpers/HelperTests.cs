using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Compiles and loads the helper programs once.</summary>
public sealed class HelperFixture : IDisposable
{
    public HelperFixture() => Programs = new CompiledAssembly(typeof(HelperPrograms).Assembly.Location, "h_csum_diff", "h_csum_replace", "h_fib");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>The checksum and store helpers compute in managed execution exactly what the kernel computes.</summary>
public sealed class HelperTests(HelperFixture fixture) : IClassFixture<HelperFixture>
{
    [Fact]
    public void CsumDiffAgreesWithTheKernel()
    {
        var random = new Random(28);
        for (int n = 0; n < 400; n++)
        {
            var packet = new byte[32];
            random.NextBytes(packet);
            if (n % 7 == 0)
            {
                Array.Fill<byte>(packet, 0xFF, 0, 16);
            }

            SampleRunner.Xdp(fixture.Programs, "h_csum_diff", HelperPrograms.CsumDiff, packet);
        }
    }

    [Fact]
    public void ChecksumReplaceAndStoreBytesAgreeWithTheKernel()
    {
        var random = new Random(10);
        for (int n = 0; n < 300; n++)
        {
            var packet = PacketBuilder.Ethernet(EtherType.IPv4)
                .IPv4(IpProtocol.Udp, source: (uint)random.Next(), destination: (uint)random.Next(), tos: (byte)random.Next(256))
                .Udp((ushort)random.Next(65536), (ushort)random.Next(65536), random.Next(0, 32)).Build();
            if (n % 5 == 0)
            {
                packet[14 + 20 + 6] = 0;
                packet[14 + 20 + 7] = 0;
            }

            var run = SampleRunner.Tc(fixture.Programs, "h_csum_replace", HelperPrograms.ChecksumReplace, packet);
            Assert.Equal((uint)TcAction.Ok, run.Action);
            Assert.True(InternetChecksum.IsValid(run.Output.AsSpan(14, 20)), "the IPv4 header checksum stays valid");
        }
    }

    [Fact]
    public void FibLookupRunsInTheKernelAndUsesTheManagedRoutes()
    {
        var packet = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, destination: 0x7F000001).Udp(1, 2).Build();
        var kernel = fixture.Programs.Program("h_fib").TestRun(packet);
        Assert.Equal((uint)XdpAction.Pass, kernel.ReturnValue);
        Assert.InRange(kernel.DataOut[15], 0, 9);

        FibRoutes.Clear();
        using (var ctx = XdpContext.ForPacket(packet))
        {
            HelperPrograms.Fib(ctx);
            Assert.Equal((byte)FibLookupResult.NotForwarded, ctx.Packet[15]);
        }

        FibRoutes.Add(0x0100007F, 7, [2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
        using (var ctx = XdpContext.ForPacket(packet))
        {
            HelperPrograms.Fib(ctx);
            Assert.Equal((byte)FibLookupResult.Success, ctx.Packet[15]);
        }

        FibRoutes.Clear();
    }
}
