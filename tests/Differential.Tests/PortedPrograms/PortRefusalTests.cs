using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// Every port our compiler refuses today is refused with one error at a line of the port's own
/// C# (never a crash, never an object), naming the construct. When the compiler learns the
/// construct this test fails: then move the port to <see cref="PortStatus.Compiling"/>, where
/// <see cref="PortAgreementTests"/> runs it against managed execution and its C twin, and
/// update the status in Programs/Ports/README.md.
/// </summary>
public sealed class PortRefusalTests
{
    /// <summary>The names of the refused ports.</summary>
    public static TheoryData<string> Refused() => [.. PortStatus.Refused.Select(p => p.Program)];

    [Theory]
    [MemberData(nameof(Refused))]
    public void TheFirstRefusalNamesTheConstructAtItsLine(string name)
    {
        var expected = PortStatus.Refused.Single(p => p.Program == name);

        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(PortCatalog.AssemblyPath, new CompilerOptions { Programs = [name] }));

        Assert.NotNull(error.Location);
        Assert.EndsWith(Path.Combine("Programs", "Ports", expected.File), error.Location.File, StringComparison.Ordinal);
        Assert.Equal(expected.Line, error.Location.Line);
        Assert.Contains(expected.Construct, error.Message, StringComparison.Ordinal);
    }
}
