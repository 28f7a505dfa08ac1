using System.ComponentModel;
using System.Diagnostics;

namespace TraitsBpf.TestSupport.Host;

/// <summary>Runs external tools (ip, tc, bpftool, clang, the traitsbpf CLI) and captures their output.</summary>
public static class Run
{
    public static ProcessResult Command(string file, params string[] arguments) => Command(file, arguments, stdin: null);

    /// <summary>Runs <paramref name="file"/> and waits up to <paramref name="timeout"/> (two minutes if null), killing it after that.</summary>
    public static ProcessResult Command(string file, IEnumerable<string> arguments, string? stdin, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var command = string.Join(' ', new[] { file }.Concat(info.ArgumentList));

        using var process = Start(info, command);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish in {limit.TotalSeconds:0} s");
        }
        return new ProcessResult(command, process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a shell snippet with bash -c.</summary>
    public static ProcessResult Shell(string script) => Command("bash", "-c", script);

    /// <summary>Fails the test loudly when a tool the test needs is missing.</summary>
    public static void RequireTool(string tool)
    {
        var found = Shell($"command -v {tool}");
        if (found.ExitCode != 0)
            throw new InvalidOperationException($"this test needs `{tool}`, which is not installed (./build.sh installs it)");
    }

    // A tool that is not there is a set-up problem, said as one.
    private static Process Start(ProcessStartInfo info, string command)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"cannot start `{command}`");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{info.FileName}' is not installed ({e.Message}); ./build.sh installs it", e);
        }
    }
}
