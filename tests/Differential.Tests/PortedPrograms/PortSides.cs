using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Samples;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// A port ready to run on the three sides the tests compare: its managed maps emptied and filled
/// with a setup's entries, our object and its C twin loaded into the kernel with the same entries.
/// </summary>
public sealed class PortSides : IDisposable
{
    private PortSides(SampleProgram program, ManagedMaps managedMaps, KernelSample ours, KernelSample twin)
    {
        Program = program;
        ManagedMaps = managedMaps;
        Ours = ours;
        Twin = twin;
    }

    /// <summary>The port.</summary>
    public SampleProgram Program { get; }

    /// <summary>Its maps as managed execution keeps them.</summary>
    public ManagedMaps ManagedMaps { get; }

    /// <summary>Our compiler's object, loaded.</summary>
    public KernelSample Ours { get; }

    /// <summary>Clang's object of the C twin, loaded.</summary>
    public KernelSample Twin { get; }

    /// <summary>The port <paramref name="name"/> with <paramref name="setup"/> applied on every side.</summary>
    public static PortSides Load(string name, SampleSetup setup)
    {
        var program = PortCatalog.Find(name);
        var managedMaps = new ManagedMaps(program.SampleClass, []);
        managedMaps.Clear();
        managedMaps.Fill(setup.MapEntries);
        var ours = KernelSample.Load(PortCatalog.Ours(name), name, setup);
        try
        {
            return new PortSides(program, managedMaps, ours, KernelSample.Load(PortCatalog.Twin(name), name, setup));
        }
        catch
        {
            ours.Dispose();
            throw;
        }
    }

    /// <summary>The two kernel sides, our object's and the twin's, with their maps named <paramref name="compared"/>.</summary>
    public IReadOnlyList<ExecutionSide> KernelSides(IReadOnlyList<string> compared) =>
    [
        new ExecutionSide("kernel (ours)", packet => Ours.Run(Program.Name, packet), () => Ours.Maps(compared)),
        new ExecutionSide("kernel (C twin)", packet => Twin.Run(Program.Name, packet), () => Twin.Maps(compared)),
    ];

    /// <summary>Runs <paramref name="packet"/> once on each side, managed execution first.</summary>
    public IReadOnlyList<(string Side, RunOutcome Outcome)> RunEverywhere(byte[] packet) =>
    [
        ("managed", Program.RunManaged(packet)),
        ("kernel (ours)", Ours.Run(Program.Name, packet)),
        ("kernel (C twin)", Twin.Run(Program.Name, packet)),
    ];

    /// <inheritdoc/>
    public void Dispose()
    {
        Ours.Dispose();
        Twin.Dispose();
    }
}
