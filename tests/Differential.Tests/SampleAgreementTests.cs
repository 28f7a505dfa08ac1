using Xunit.Abstractions;
using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Packets;
using TraitsBpf.Differential.Tests.Samples;

namespace TraitsBpf.Differential.Tests;

/// <summary>
/// Every sample program, run over the standard corpus as managed code, as our compiled object in
/// the kernel and as its C twin in the kernel, returns the same action and bytes for every packet
/// and leaves the same map contents.
/// </summary>
public sealed class SampleAgreementTests(ITestOutputHelper output)
{
    /// <summary>The names of every sample program.</summary>
    public static TheoryData<string> Programs() => [.. SampleCatalog.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Programs))]
    public void ManagedOursAndTheCTwinAgreeOnEveryPacket(string name)
    {
        var program = SampleCatalog.Find(name);
        var setup = SampleSetups.For(program);
        if (!TestRunInputs.CanTestRun(program.Kind))
        {
            ObjectsLoadAndDeclareTheSame(program, setup);
            return;
        }

        var managedMaps = new ManagedMaps(program.SampleClass, setup.ClockFields);
        managedMaps.Clear();
        managedMaps.Fill(setup.MapEntries);
        managedMaps.FillTailCalls(setup.TailCalls);
        setup.RegisterTraitKeys();
        using var ours = KernelSample.Load(OurObjects.For(program), program.Name, setup);
        using var twin = KernelSample.Load(ClangTwins.ObjectFor(program.Name), program.Name, setup);
        var compared = managedMaps.Compared.ToList();
        var corpus = PacketCorpus.Standard.Where(p => TestRunInputs.Accepts(program.Kind, p.Bytes)).ToList();

        // An XDP program that sets traits under the meta backend returns its store at the start
        // of the output on every side; the values of clock traits are masked there.
        bool storeInMetadata = program.Kind == SampleKind.Xdp && setup.XdpTraitStoreInMetadata;
        var clockKeys = storeInMetadata ? setup.ClockTraits.Select(t => setup.TraitKeys[t]).ToList() : [];
        RunOutcome Masked(RunOutcome outcome) => MetaTraitArea.MaskClockValues(outcome, clockKeys);

        var report = DifferentialRunner.Run(
            program,
            new ExecutionSide("managed", packet => Masked(program.RunManaged(packet, storeInMetadata)), managedMaps.Snapshot),
            [
                new ExecutionSide("kernel (ours)", packet => Masked(ours.Run(name, packet)), () => ours.Maps(compared)),
                new ExecutionSide("kernel (C twin)", packet => Masked(twin.Run(name, packet)), () => twin.Maps(compared)),
            ],
            corpus);

        output.WriteLine($"{program}: {report}");
        output.WriteLine($"left out: {PacketCorpus.Standard.Count - corpus.Count} packets the kernel's test run refuses for {program.Kind} programs");
        output.WriteLine($"maps compared: {string.Join(", ", compared.DefaultIfEmpty("(none)"))}; not compared: {string.Join(", ", managedMaps.NotCompared.DefaultIfEmpty("(none)"))}");
        if (setup.Reason.Length > 0)
        {
            output.WriteLine($"setup: {setup.Reason}");
        }

        Assert.True(report.Packets >= 1000, $"only {report.Packets} packets ran");
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void TheCTwinDeclaresTheSameProgramAndMaps(string name)
    {
        var program = SampleCatalog.Find(name);
        using var ours = Loader.BpfObject.OpenMemory(OurObjects.For(program), "ours");
        using var twin = Loader.BpfObject.OpenMemory(ClangTwins.ObjectFor(name), "twin");
        AssertSameDeclarations(name, ours, twin);
    }

    [Fact]
    public void EveryCTwinMirrorsASampleProgram()
    {
        var twins = ClangTwins.Files();
        Assert.NotEmpty(twins);
        foreach (var (file, programs) in twins)
        {
            Assert.NotEmpty(programs);
            foreach (var program in programs)
            {
                Assert.True(SampleCatalog.All.Any(p => p.Name == program), $"{Path.GetFileName(file)} defines '{program}', which no C# sample defines");
            }
        }
    }

    /// <summary>
    /// For a kind the kernel cannot test-run: both objects pass the verifier (loaded with the setup's maps and slots)
    /// and declare the same program, maps and constants; the setup must say why and where the behaviour is tested.
    /// </summary>
    private void ObjectsLoadAndDeclareTheSame(SampleProgram program, SampleSetup setup)
    {
        Assert.False(string.IsNullOrEmpty(setup.Reason), $"{program} cannot be test-run; its setup must say why and where its behaviour is tested");
        using var ours = KernelSample.Load(OurObjects.For(program), program.Name, setup);
        using var twin = KernelSample.Load(ClangTwins.ObjectFor(program.Name), program.Name, setup);
        using var oursOpened = Loader.BpfObject.OpenMemory(OurObjects.For(program), "ours");
        using var twinOpened = Loader.BpfObject.OpenMemory(ClangTwins.ObjectFor(program.Name), "twin");
        AssertSameDeclarations(program.Name, oursOpened, twinOpened);
        output.WriteLine($"{program}: compared as objects; both loaded through the verifier");
        output.WriteLine($"setup: {setup.Reason}");
    }

    private static void AssertSameDeclarations(string name, Loader.BpfObject ours, Loader.BpfObject twin)
    {
        Assert.Equal(ours.Program(name).Type, twin.Program(name).Type);
        Assert.Equal(ours.Program(name).SectionName, twin.Program(name).SectionName);
        Assert.Equal(Describe(ours.Maps.Where(m => !m.IsInternal)), Describe(twin.Maps.Where(m => !m.IsInternal)));
        Assert.Equal(
            ours.Constants.Select(c => $"{c.Name} ({c.Size} bytes)").Order(StringComparer.Ordinal),
            twin.Constants.Select(c => $"{c.Name} ({c.Size} bytes)").Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Describe(IEnumerable<Loader.BpfMap> maps) =>
        maps.Select(m => $"{m.Name}: {m.Type}, key {m.KeySize}, value {m.ValueSize}, {m.MaxEntries} entries").Order(StringComparer.Ordinal);
}
