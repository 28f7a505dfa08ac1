using System.Diagnostics;

namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>Runs external tools (ip, tc, bpftool, clang, the traitsbpf CLI) and captures their output.</summary>
public static class Run
{
    public static ProcessResult Command(string file, params string[] arguments) => Command(file, arguments, stdin: null);

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

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start `{command}`");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish in time");
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
}
