using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Tests.Folding;

/// <summary>Code a constant condition makes unreachable is neither compiled nor checked.</summary>
public sealed class FoldingTests
{
    [Fact]
    public void ABranchAConstantArgumentRemovesIsNotCompiled()
    {
        var result = BpfCompiler.Compile(typeof(FoldedPrograms).Assembly.Location, new CompilerOptions { Programs = ["fold_dead"] });
        var file = ObjectReader.Read(result.Object);
        var code = BpfDisassembler.Disassemble(file.CodeOf(file.Programs.Single(p => p.Name == "fold_dead")).Span).Select(i => i.Text).ToList();
        Assert.DoesNotContain(code, line => line.EndsWith("= 1", StringComparison.Ordinal) && line.StartsWith("*(u64", StringComparison.Ordinal));
    }
}
