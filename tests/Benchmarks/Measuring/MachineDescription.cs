using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>Where and with what the figures were taken.</summary>
public sealed record MachineDescription(string Kernel, string Cpu, int Cores, string Clang, string Dotnet, DateTimeOffset When)
{
    /// <summary>This machine, now.</summary>
    public static MachineDescription Current() => new(
        File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown",
        Environment.ProcessorCount,
        ClangVersion(),
        RuntimeInformation.FrameworkDescription,
        DateTimeOffset.UtcNow);

    private static string ClangVersion()
    {
        using var clang = Process.Start(new ProcessStartInfo("clang", "--version") { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("clang did not start");
        string first = clang.StandardOutput.ReadLine() ?? "unknown";
        clang.StandardOutput.ReadToEnd();
        clang.WaitForExit();
        return first.Trim();
    }
}
