using System.Diagnostics;

namespace TraitsBpf.Object.Tests.Support;

/// <summary>
/// Runs the oracle tools (clang, llvm-objdump, llvm-readelf, bpftool). A missing tool fails the
/// test with a message saying how to get it, never a silent skip: build.sh installs them all.
/// </summary>
internal static class ExternalTool
{
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

    public static ToolResult Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Locate(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }
        return new ToolResult($"{tool} {string.Join(' ', arguments)}", process.ExitCode, output.Result, error.Result);
    }

    public static string Locate(string tool)
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        string? found = path.Concat(ExtraDirectories).Select(directory => Path.Combine(directory, tool)).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            $"The test oracle '{tool}' is not installed; run ./build.sh (it installs clang, llvm and bpftool) or apt-get install clang llvm bpftool.");
    }
}
