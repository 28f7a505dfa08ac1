using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using Xunit.Abstractions;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the feature programs once.</summary>
public sealed class FeatureFixture : IDisposable
{
    public FeatureFixture() => Programs = new CompiledAssembly(typeof(FeaturePrograms).Assembly.Location,
        "feat_subprog", "feat_struct", "feat_switch", "feat_spill", "feat_generic", "feat_narrow", "feat_loop_exits", "feat_ranges");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// Each feature program, compiled and run in the kernel, must agree with the same C# run as
/// managed code on every one of a few hundred random packets of random lengths.
/// </summary>
public sealed class FeatureTests(FeatureFixture fixture, ITestOutputHelper output) : IClassFixture<FeatureFixture>
{
    private const int Packets = 300;

    [Theory]
    [InlineData("feat_subprog")]
    [InlineData("feat_struct")]
    [InlineData("feat_switch")]
    [InlineData("feat_spill")]
    [InlineData("feat_generic")]
    [InlineData("feat_narrow")]
    [InlineData("feat_loop_exits")]
    [InlineData("feat_ranges")]
    public void KernelAndManagedAgreeOnRandomPackets(string program)
    {
        Func<XdpContext, XdpAction> managed = program switch
        {
            "feat_subprog" => FeaturePrograms.Subprogram,
            "feat_struct" => FeaturePrograms.Structs,
            "feat_switch" => FeaturePrograms.Switch,
            "feat_spill" => FeaturePrograms.Spill,
            "feat_generic" => FeaturePrograms.Generic,
            "feat_loop_exits" => FeaturePrograms.LoopExits,
            "feat_ranges" => FeaturePrograms.Ranges,
            _ => FeaturePrograms.Narrow,
        };
        var random = new Random(program.GetHashCode(StringComparison.Ordinal) ^ 1122);
        var actions = new HashSet<uint>();
        for (int n = 0; n < Packets; n++)
        {
            var packet = new byte[random.Next(14, 96)];
            random.NextBytes(packet);
            if (n % 5 == 0)
            {
                packet[12] = 6;
            }

            actions.Add(SampleRunner.Xdp(fixture.Programs, program, managed, packet).Action);
        }

        output.WriteLine($"{program}: {Packets} packets, actions {string.Join(",", actions)}");
    }

    [Fact]
    public void RangeTestsAgreeAtTheirBounds()
    {
        // Each value at, just inside and just outside each bound of feat_ranges, with the others random.
        int[] signed = [-101, -100, -99, 0, 99, 100, 101, int.MinValue, int.MinValue + 1, int.MaxValue - 1, int.MaxValue];
        uint[] unsigned = [0, 3, 4, 6, 7, 8, 3999999999u, 4000000000u, 4000000001u, uint.MaxValue];
        long[] wide = [-5_000_000_001L, -5_000_000_000L, 0, 9_000_000_000L, 9_000_000_001L, long.MinValue, long.MaxValue];
        ushort[] ports = [1023, 1024, 5059, 5060, 5061, 5079, 5080, 5081, 49151, 49152, 0, 65535];
        var random = new Random(5060);
        var results = new HashSet<uint>();
        for (int n = 0; n < 400; n++)
        {
            var packet = new byte[40];
            random.NextBytes(packet);
            BitConverter.TryWriteBytes(packet.AsSpan(0), signed[n % signed.Length]);
            BitConverter.TryWriteBytes(packet.AsSpan(4), unsigned[n % unsigned.Length]);
            BitConverter.TryWriteBytes(packet.AsSpan(8), wide[n % wide.Length]);
            packet[16] = (byte)(ports[n % ports.Length] >> 8);
            packet[17] = (byte)ports[n % ports.Length];
            var run = SampleRunner.Xdp(fixture.Programs, "feat_ranges", FeaturePrograms.Ranges, packet);
            results.Add(BitConverter.ToUInt32(run.Output, 20));
        }

        output.WriteLine($"feat_ranges: {results.Count} distinct results at the bounds");
        Assert.True(results.Count > 8);
    }

    [Fact]
    public void SubprogramsAreBpfFunctions()
    {
        Assert.Contains("FeaturePrograms_SumBytes", fixture.Programs.Result.Subprograms);
        Assert.Contains("FeaturePrograms_Mix", fixture.Programs.Result.Subprograms);
    }
}
