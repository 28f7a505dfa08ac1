using Xunit.Abstractions;
using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Packets;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// Every port our compiler takes, run over the standard corpus as managed code, as our object in
/// the kernel and as its C twin (clang) in the kernel, with the same map entries written first
/// (<see cref="PortSetups"/>), returns the same action and bytes for every packet and leaves the
/// same map contents; the twin declares the same program and maps.
/// </summary>
public sealed class PortAgreementTests(ITestOutputHelper output)
{
    /// <summary>
    /// The CPU every side runs on: the one whose copy of a per-CPU map managed execution uses and the
    /// seeds go to, so a program that decides by a per-CPU value (a filter's flags) reads the seed everywhere.
    /// </summary>
    public const int SeededCpu = 0;

    /// <summary>The names of the ports that compile.</summary>
    public static TheoryData<string> Compiling() => [.. PortStatus.Compiling];

    [Theory]
    [MemberData(nameof(Compiling))]
    public void ManagedOursAndTheCTwinAgreeOnEveryPacket(string name)
    {
        var setup = PortSetups.For(name);
        using var sides = PortSides.Load(name, setup);
        var program = sides.Program;
        var compared = sides.ManagedMaps.Compared.ToList();
        var corpus = PacketCorpus.Standard.Where(p => TestRunInputs.Accepts(program.Kind, p.Bytes)).ToList();

        DifferentialReport? report = null;
        OnCpu.Run(SeededCpu, () => report = DifferentialRunner.Run(
            program,
            new ExecutionSide("managed", program.RunManaged, sides.ManagedMaps.Snapshot),
            sides.KernelSides(compared),
            corpus));

        output.WriteLine($"{program}: {report}");
        output.WriteLine($"left out: {PacketCorpus.Standard.Count - corpus.Count} packets the kernel's test run refuses for {program.Kind} programs");
        output.WriteLine($"maps compared: {string.Join(", ", compared.DefaultIfEmpty("(none)"))}");
        output.WriteLine($"maps seeded: {setup.MapEntries.Count} entries{(setup.Reason.Length == 0 ? "" : $": {setup.Reason}")}");
        Assert.True(report!.Packets >= 1000, $"only {report.Packets} packets ran");
    }

    [Theory]
    [MemberData(nameof(Compiling))]
    public void TheCTwinDeclaresTheSameProgramAndMaps(string name)
    {
        using var ours = Loader.BpfObject.OpenMemory(PortCatalog.Ours(name), "ours");
        using var twin = Loader.BpfObject.OpenMemory(PortCatalog.Twin(name), "twin");

        Assert.Equal(ours.Program(name).Type, twin.Program(name).Type);
        Assert.Equal(Describe(ours.Maps.Where(m => !m.IsInternal)), Describe(twin.Maps.Where(m => !m.IsInternal)));
    }

    private static IEnumerable<string> Describe(IEnumerable<Loader.BpfMap> maps) =>
        maps.Select(m => $"{m.Name}: {m.Type}, key {m.KeySize}, value {m.ValueSize}, {m.MaxEntries} entries").Order(StringComparer.Ordinal);
}
