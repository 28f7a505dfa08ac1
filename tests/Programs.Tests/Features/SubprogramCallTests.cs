using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads (through libbpf, so the BTF prototypes must hold) the subprogram call programs once.</summary>
public sealed class SubprogramCallFixture : IDisposable
{
    public SubprogramCallFixture() => Programs = new CompiledAssembly(typeof(SubprogramCallPrograms).Assembly.Location,
        "call_six_args", "call_seven_args", "call_ten_args", "call_struct16", "call_struct40", "call_loop_param");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// Subprograms with more than five arguments, subprograms returning structs and a subprogram
/// whose loop only the verifier can bound (from the caller's argument) pass the verifier as BPF
/// functions and agree with managed execution on random packets.
/// </summary>
public sealed class SubprogramCallTests(SubprogramCallFixture fixture) : IClassFixture<SubprogramCallFixture>
{
    [Theory]
    [InlineData("call_six_args")]
    [InlineData("call_seven_args")]
    [InlineData("call_ten_args")]
    [InlineData("call_struct16")]
    [InlineData("call_struct40")]
    [InlineData("call_loop_param")]
    public void KernelAndManagedAgreeOnRandomPackets(string program)
    {
        Func<XdpContext, XdpAction> managed = program switch
        {
            "call_six_args" => SubprogramCallPrograms.SixArguments,
            "call_seven_args" => SubprogramCallPrograms.SevenArguments,
            "call_ten_args" => SubprogramCallPrograms.TenArguments,
            "call_struct16" => SubprogramCallPrograms.StructReturn16,
            "call_loop_param" => SubprogramCallPrograms.LoopBoundedByAParameter,
            _ => SubprogramCallPrograms.StructReturn40,
        };
        var random = new Random(program.Length * 4099);
        var actions = new HashSet<uint>();
        for (int n = 0; n < 200; n++)
        {
            var packet = new byte[random.Next(20, 96)];
            random.NextBytes(packet);
            actions.Add(SampleRunner.Xdp(fixture.Programs, program, managed, packet).Action);
        }

        Assert.True(actions.Count > 1, $"{program} took one action on every packet, so the comparison says little");
    }

    [Theory]
    [InlineData("SubprogramCallPrograms_Six")]
    [InlineData("SubprogramCallPrograms_Seven")]
    [InlineData("SubprogramCallPrograms_Ten")]
    [InlineData("SubprogramCallPrograms_MakeWide")]
    [InlineData("SubprogramCallPrograms_MakeRecord")]
    public void EachCalleeIsItsOwnBpfFunction(string subprogram) =>
        Assert.Contains(subprogram, fixture.Programs.Result.Subprograms);
}
