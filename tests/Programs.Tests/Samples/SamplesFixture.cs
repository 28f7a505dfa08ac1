using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Samples;

/// <summary>Compiles every program in Programs/Samples once and loads them into the kernel.</summary>
public sealed class SamplesFixture : IDisposable
{
    public SamplesFixture() => Programs = new CompiledAssembly(SamplesAssemblyPath);

    public static string SamplesAssemblyPath => typeof(PortFilter).Assembly.Location;

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}
