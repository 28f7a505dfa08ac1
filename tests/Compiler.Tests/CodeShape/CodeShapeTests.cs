using System.Text.RegularExpressions;
using TraitsBpf.Compiler.Object;

namespace TraitsBpf.Compiler.Tests.CodeShape;

/// <summary>
/// Where the best code is obvious, the compiler must produce it: the same instructions clang
/// -O2 emits for the equivalent C (compared as text from our disassembler).
/// </summary>
public sealed class CodeShapeTests
{
    private static string[] Disassemble(string program)
    {
        var result = BpfCompiler.Compile(typeof(MinimalPrograms).Assembly.Location, new CompilerOptions { Programs = [program] });
        var file = ObjectReader.Read(result.Object);
        var code = file.CodeOf(file.Programs.Single(p => p.Name == program));
        return BpfDisassembler.Disassemble(code.Span).Select(i => i.Text).ToArray();
    }

    [Fact]
    public void ReturningAnActionIsTwoInstructions() =>
        Assert.Equal(["w0 = 2", "exit"], Disassemble("min_pass"));

    [Fact]
    public void ABoundsCheckIsOneComparison()
    {
        var code = Disassemble("min_check");
        Assert.InRange(code.Length, 6, 8);
        Assert.Single(code, i => i.StartsWith("if r", StringComparison.Ordinal));
        Assert.Single(code, i => Regex.IsMatch(i, @"^r\d = \*\(u32 \*\)\(r1 \+ 0\)$"));
        Assert.Single(code, i => Regex.IsMatch(i, @"^r\d = \*\(u32 \*\)\(r1 \+ 4\)$"));
    }

    [Fact]
    public void ContextFieldsAreLoadedAndStoredInPlace()
    {
        var code = Disassemble("min_mark");
        Assert.Equal(5, code.Length);
        Assert.Matches(@"^r(\d) = \*\(u32 \*\)\(r1 \+ 8\)$", code[0]);
        Assert.Matches(@"^w\d \|= 16$", code[1]);
        Assert.Matches(@"^\*\(u32 \*\)\(r1 \+ 8\) = r\d$", code[2]);
        Assert.Equal(["w0 = 0", "exit"], code[3..]);
    }
}
