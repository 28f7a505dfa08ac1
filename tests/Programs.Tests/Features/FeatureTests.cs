using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using Xunit.Abstractions;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the feature programs once.</summary>
public sealed class FeatureFixture : IDisposable
{
    public FeatureFixture() => Programs = new CompiledAssembly(typeof(FeaturePrograms).Assembly.Location,
        "feat_subprog", "feat_struct", "feat_switch", "feat_spill", "feat_generic", "feat_narrow", "feat_loop_exits");

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
    public void SubprogramsAreBpfFunctions()
    {
        Assert.Contains("FeaturePrograms_SumBytes", fixture.Programs.Result.Subprograms);
        Assert.Contains("FeaturePrograms_Mix", fixture.Programs.Result.Subprograms);
    }
}
