namespace TraitsBpf.Object.Tests.Support;

/// <summary>What an external tool did: exit code and both output streams.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string Output, string Error)
{
    /// <summary>Fails the test unless the tool exited 0 and said nothing about warnings or errors.</summary>
    public ToolResult AssertClean()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited {ExitCode}:\n{Error}\n{Output}");
        Assert.False(
            Error.Contains("warning", StringComparison.OrdinalIgnoreCase) || Error.Contains("error", StringComparison.OrdinalIgnoreCase),
            $"`{Command}` complained:\n{Error}");
        return this;
    }
}
