using TraitsBpf.Benchmarks.ColdStart;
using TraitsBpf.Benchmarks.Measuring;
using TraitsBpf.Benchmarks.Reporting;
using TraitsBpf.Benchmarks.Traits;
using TraitsBpf.Loader;
using TraitsBpf.Ports;
using TraitsBpf.Samples;

namespace TraitsBpf.Benchmarks;

/// <summary>
/// Compiles every sample (and every port of a public program that compiles) with our compiler and its C twin with clang, loads both, and prints how
/// they compare: instructions in the object, after the kernel's rewrites and as verified, time per
/// packet under BPF_PROG_TEST_RUN, and our compile time; or, with --traits, the same comparison for
/// trait get, set and delete. It prints figures; it asserts nothing.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmark; 0 on success, 2 on a bad command line, 1 on a failure.</summary>
    public static int Main(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"benchmarks: {e.Message}");
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }

        try
        {
            string text = options.StashCosts
                ? new StashCostBenchmark(options.Packets, Console.Error).Run().Render(options.Format)
                : options.ColdStart
                ? ColdCompileReportWriter.Render(ColdCompile(options).Run(), options.Format)
                : options.TraitBackends.Count > 0
                ? TraitReportWriter.Render([.. options.TraitBackends.Select(backend => new TraitBenchmark(options, backend, Console.Error).Run())], options.Format)
                : ReportWriter.Render(new SampleBenchmark(options, typeof(PortFilter).Assembly.Location, typeof(Xdp1).Assembly.Location, Console.Error).Run(), options.Format);
            if (options.OutputPath is null)
            {
                Console.Write(text);
            }
            else
            {
                File.WriteAllText(options.OutputPath, text);
            }

            return 0;
        }
        catch (Exception e) when (e is LoaderException or ArgumentException or FileNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine($"benchmarks: {e.Message}");
            return 1;
        }
    }

    private static ColdCompileBenchmark ColdCompile(BenchmarkOptions options) => new(
        options,
        options.NativeCli ?? Path.Combine(TestSupport.Host.Repository.Root, "artifacts", "native", "traitsbpf"),
        Path.Combine(AppContext.BaseDirectory, "traitsbpf.dll"),
        typeof(PortFilter).Assembly.Location,
        typeof(Xdp1).Assembly.Location,
        Console.Error);
}
