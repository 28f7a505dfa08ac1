namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>Runs the independent tools (bpftool, ip, tc, llvm-*) the tests use as oracles.</summary>
public static class Tool
{
    /// <summary>Runs <paramref name="file"/> with the runner the other test projects use; these tools finish within a minute or are stuck.</summary>
    public static ProcessResult Run(string file, params string[] arguments)
    {
        var result = TestSupport.Host.Run.Command(file, arguments, stdin: null, TimeSpan.FromSeconds(60));
        return new ProcessResult(result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>Runs and requires exit code 0 and nothing that looks like a warning or error on stderr.</summary>
    public static ProcessResult RunClean(string file, params string[] arguments)
    {
        var result = Run(file, arguments);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {result}");
        Assert.False(
            result.Error.Contains("warning", StringComparison.OrdinalIgnoreCase) || result.Error.Contains("error", StringComparison.OrdinalIgnoreCase),
            $"{file} {string.Join(' ', arguments)} complained: {result.Error}");
        return result;
    }
}
