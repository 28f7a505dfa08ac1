using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>A program the verifier rejects surfaces as a VerifierException with the log distilled.</summary>
public sealed class VerifierRejectionTests
{
    public VerifierRejectionTests() => Privileges.RequireRoot();

    [Fact]
    public void Rejection_names_the_source_line_the_instruction_and_the_reason()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("bad_access"));

        var error = Assert.Throws<VerifierException>(obj.Load);

        Assert.Equal(LoaderErrorKind.VerifierRejected, error.Kind);
        Assert.Equal("bad_access", error.ProgramName);
        Assert.Equal("bad_access.c", error.SourceFile);
        Assert.Equal(LineOf("bad_access", "return data[20]"), error.SourceLine);
        Assert.Equal("return data[20] == 17 ? XDP_DROP : XDP_PASS;", error.SourceText);
        Assert.Equal("r1 = *(u8 *)(r1 +20)", error.FailingInstruction);
        Assert.StartsWith("invalid access to packet, off=20 size=1", error.Reason, StringComparison.Ordinal);
        Assert.StartsWith(
            $"the verifier rejected program 'bad_access' at bad_access.c:{error.SourceLine} (`return data[20] == 17 ? XDP_DROP : XDP_PASS;`), instruction {error.FailingInstructionIndex} `r1 = *(u8 *)(r1 +20)`: invalid access to packet",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("processed", error.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotated_log_prefixes_each_instruction_with_its_source_location()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("bad_access"));

        var error = Assert.Throws<VerifierException>(obj.Load);

        var failing = error.AnnotatedLog.Split('\n').Last(l => l.Contains($"{error.FailingInstructionIndex}: (71)", StringComparison.Ordinal));
        Assert.StartsWith($"bad_access.c:{error.SourceLine} | ", failing, StringComparison.Ordinal);
        Assert.Contains($"; return data[20] == 17 ? XDP_DROP : XDP_PASS; @ bad_access.c:{error.SourceLine}", error.AnnotatedLog, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_larger_than_the_first_buffer_is_captured_whole()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("long_log"));

        var error = Assert.Throws<VerifierException>(obj.Load);

        Assert.True(error.Log.Length > 2 << 20, $"expected a log over 2 MiB, got {error.Log.Length} bytes");
        // A rotated (truncated) log would start mid-trace; the whole log starts at instruction 0.
        Assert.StartsWith("0: R1=ctx()", error.Log, StringComparison.Ordinal);
        Assert.Contains("processed ", error.Log, StringComparison.Ordinal);
        Assert.StartsWith("invalid access to packet", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_again_after_a_rejection_verifies_again()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("bad_access"));

        var first = Assert.Throws<VerifierException>(obj.Load);
        var second = Assert.Throws<VerifierException>(obj.Load);

        Assert.Equal(first.Message, second.Message);
    }

    private static int LineOf(string program, string text) =>
        Array.FindIndex(File.ReadAllLines(ClangObjects.Source(program)), l => l.Contains(text, StringComparison.Ordinal)) + 1;
}
