using System.Diagnostics;

namespace TraitsBpf.Traits.Tests.Infrastructure;

/// <summary>Runs traitsbpf (built beside the tests) and system tools as child processes.</summary>
public static class Command
{
    private static readonly string Traitsbpf = Path.Combine(AppContext.BaseDirectory, "traitsbpf.dll");

    /// <summary>Runs <c>traitsbpf</c> with <paramref name="arguments"/>.</summary>
    public static CommandResult Cli(params string[] arguments) => Run("dotnet", [Traitsbpf, .. arguments]);

    /// <summary>Runs <paramref name="file"/> and waits up to two minutes.</summary>
    public static CommandResult Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        string text = string.Join(' ', [file, .. arguments]);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start `{text}`");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{text}` did not finish in two minutes");
        }

        return new CommandResult(text, process.ExitCode, stdout.Result, stderr.Result);
    }
}
