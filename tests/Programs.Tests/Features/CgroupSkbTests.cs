using TraitsBpf.Loader;
using TraitsBpf.Programs.Tests.Infrastructure;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the cgroup skb program once.</summary>
public sealed class CgroupSkbFixture : IDisposable
{
    public CgroupSkbFixture() => Programs = new CompiledAssembly(typeof(CgroupSkbPrograms).Assembly.Location, "cg_egress_policy");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// A cgroup skb program: the verifier accepts it as BPF_PROG_TYPE_CGROUP_SKB in section cgroup_skb/egress, and on
/// random IPv4 packets BPF_PROG_TEST_RUN (which gives it the packet from its IP header on) and managed execution
/// agree on every verdict and on the byte counts.
/// </summary>
public sealed class CgroupSkbTests(CgroupSkbFixture fixture) : IClassFixture<CgroupSkbFixture>
{
    [Fact]
    public void TheVerifierAcceptsItAsACgroupSkbProgram()
    {
        var program = fixture.Programs.Program("cg_egress_policy");
        Assert.Equal(BpfProgramType.CgroupSkb, program.Type);
        Assert.Equal("cgroup_skb/egress", program.SectionName);
    }

    [Fact]
    public unsafe void VerdictsAndCountsAgreeWithManagedExecution()
    {
        CgroupSkbPrograms.BytesByProtocol.Clear();
        var random = new Random(23);
        var verdicts = new HashSet<uint>();
        for (int n = 0; n < 400; n++)
        {
            var frame = new byte[random.Next(14 + 20, 14 + 80)];
            random.NextBytes(frame);
            frame[12] = 0x08;
            frame[13] = 0x00;
            frame[14] = (byte)(random.Next(8) == 0 ? 0x65 : 0x45);
            frame[14 + 9] = (byte)(random.Next(3) switch { 0 => IpProtocol.Udp, 1 => IpProtocol.Tcp, _ => random.Next(256) });
            if (random.Next(3) == 0 && frame.Length >= 14 + 24)
            {
                frame[14 + 22] = 0;
                frame[14 + 23] = (byte)CgroupSkbPrograms.DroppedPort;
            }

            uint kernel = fixture.Programs.Program("cg_egress_policy").TestRun(frame).ReturnValue;
            using var ctx = CgroupSkbContext.ForPacket(frame.AsSpan(14));
            Assert.Equal(kernel, (uint)ManagedExecution.Run(CgroupSkbPrograms.Egress, ctx));
            verdicts.Add(kernel);
        }

        Assert.Equal([0u, 1u], verdicts.Order());
        var counts = fixture.Programs.Map("BytesByProtocol");
        for (uint protocol = 0; protocol < 256; protocol++)
        {
            var value = new byte[counts.ValueBufferSize];
            Assert.True(counts.Lookup(BitConverter.GetBytes(protocol), value));
            Assert.Equal(*CgroupSkbPrograms.BytesByProtocol.Lookup(protocol), BitConverter.ToUInt64(value));
        }
    }
}
