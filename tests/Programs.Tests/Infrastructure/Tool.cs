using System.Diagnostics;

namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>Runs the independent tools (bpftool, ip, tc, llvm-*) the tests use as oracles.</summary>
public static class Tool
{
    public static ProcessResult Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' is not installed ({e.Message}); ./build.sh installs it", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 60 s");
            }

            return new ProcessResult(process.ExitCode, output.Result, error.Result);
        }
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
