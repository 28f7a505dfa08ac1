using System.Diagnostics;
using TraitsBpf.Compiler;
using TraitsBpf.Differential.Tests.Kernel;

namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>Times our compiler on one program, and clang on a twin's file.</summary>
public static class CompileTimer
{
    /// <summary>Compiles <paramref name="program"/> alone <paramref name="times"/> times; the object and the median milliseconds.</summary>
    public static (byte[] Object, double MedianMs) Ours(string assemblyPath, string program, int times)
    {
        byte[] image = [];
        var durations = new List<double>();
        for (int i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            image = BpfCompiler.Compile(assemblyPath, new CompilerOptions { Programs = [program] }).Object;
            durations.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (image, RobustAverage.Median(durations));
    }

    /// <summary>Compiles <paramref name="source"/> with clang <paramref name="times"/> times; the object and the median milliseconds (a process start included).</summary>
    public static (byte[] Object, double MedianMs) Clang(string source, int times)
    {
        byte[] image = [];
        var durations = new List<double>();
        for (int i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            image = ClangTwins.Compile(source);
            durations.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (image, RobustAverage.Median(durations));
    }
}
