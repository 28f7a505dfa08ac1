using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.TestSupport.Docs;

namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>The rows of docs/compiler.md's construct table whose programs are the rejected programs here are refused as the table says.</summary>
public sealed class ConstructTableTests
{
    private static readonly string Assembly = typeof(RejectedPrograms).Assembly.Location;

    public static TheoryData<string> Rows() => [.. ConstructTable.Rows.Where(r => r.Program.StartsWith("bad", StringComparison.Ordinal)).Select(r => r.Program)];

    [Theory]
    [MemberData(nameof(Rows))]
    public void ARefusedConstructIsRefusedWithTheTablesMessage(string program)
    {
        var row = ConstructTable.Rows.Single(r => r.Program == program);
        Assert.False(row.Supported);
        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(Assembly, new CompilerOptions { Programs = [program] }));
        Assert.Contains(row.Message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
    }
}
