using System.Diagnostics;

namespace TraitsBpf.Benchmarks.ColdStart;

/// <summary>Times one whole process, from start to exit, output discarded; a failure carries its standard error.</summary>
public static class ProcessTimer
{
    /// <summary>Milliseconds from starting <paramref name="file"/> to its exit with status 0.</summary>
    public static double Milliseconds(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double elapsed = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {errors.Result.Trim()}");
        }

        return elapsed;
    }
}
