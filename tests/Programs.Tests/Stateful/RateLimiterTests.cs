using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Stateful;

/// <summary>The rate limiter enforces its .rodata budget, and a budget set before load changes it without recompiling.</summary>
public sealed class RateLimiterTests
{
    private static byte[] From(uint source) => PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, source: source).Udp(1, 2).Build();

    [Fact]
    public void DropsWhatExceedsTheBudgetLikeManagedExecution()
    {
        using var programs = new CompiledAssembly(SamplesFixture.SamplesAssemblyPath, "rate_limiter");
        RateLimiter.Buckets.Clear();
        RateLimiter.Verdicts.Clear();
        var drops = 0;
        for (int n = 0; n < 150; n++)
        {
            drops += SampleRunner.Xdp(programs, "rate_limiter", RateLimiter.Run, From(0x0A000001)).Action == (uint)XdpAction.Drop ? 1 : 0;
            SampleRunner.Xdp(programs, "rate_limiter", RateLimiter.Run, From(0x0A000002 + (uint)(n % 3)));
        }

        Assert.Equal(50, drops);
        Assert.Equal(RateLimiter.Verdicts[0], programs.ReadUInt64("Verdicts", 0));
        Assert.Equal(RateLimiter.Verdicts[1], programs.ReadUInt64("Verdicts", 1));
        Assert.Equal(50UL, programs.ReadUInt64("Verdicts", 1));
    }

    [Fact]
    public void TheBudgetIsSetAtLoadTime()
    {
        using var programs = new CompiledAssembly(SamplesFixture.SamplesAssemblyPath, ["rate_limiter"], bpf => bpf.SetConstant("PacketsPerWindow", "10"));
        int passed = 0;
        for (int n = 0; n < 25; n++)
        {
            passed += programs.Program("rate_limiter").TestRun(From(0x0A000009)).ReturnValue == (uint)XdpAction.Pass ? 1 : 0;
        }

        Assert.Equal(10, passed);
    }
}
