using TraitsBpf.Differential.Tests.Kernel;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>Every port has its C twin and is compared.</summary>
public sealed class PortCatalogTests
{
    [Fact]
    public void EveryPortIsCompared()
    {
        var listed = PortStatus.Compiling.Order(StringComparer.Ordinal);

        Assert.True(PortCatalog.All.Count >= 5, $"only {PortCatalog.All.Count} ports");
        Assert.Equal(PortCatalog.All.Select(p => p.Name), listed);
    }

    [Fact]
    public void EveryPortHasOneCTwinAndEveryTwinIsAPort()
    {
        var twins = ClangTwins.FilesIn(PortCatalog.TwinDirectory);

        foreach (var port in PortCatalog.All)
        {
            Assert.Single(twins, t => t.Value.Contains(port.Name));
        }

        Assert.All(twins.Values.SelectMany(programs => programs), program => Assert.Contains(PortCatalog.All, p => p.Name == program));
    }
}
