using System.Globalization;
using TraitsBpf.Compiler;
using TraitsBpf.Abi;

namespace TraitsBpf.Benchmarks;

/// <summary>The command line: what to measure and how to print it.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: dotnet run --project tests/Benchmarks -c Release -- [options]

          --format table|markdown|json   how to print the figures (default: table)
          --json, --markdown             short for --format json / --format markdown
          --output FILE                  write the figures to FILE instead of standard output
          --programs a,b,...             only these programs (default: every sample and compiling port)
          --repeat N                     BPF_PROG_TEST_RUN repeat count per measurement (default: 500000)
          --rounds N                     interleaved measurements per packet and side; the interquartile mean is kept (default: 9)
          --compiles N                   timed compilations per program after a warm-up; the median is kept (default: 5)
          --traits meta|kfunc|all        instead of the samples: trait get/set/delete, ours (C#) against clang (C), for
                                         the meta backend, the kfunc backend (needs the patched kernel; skipped with a
                                         message elsewhere) or both
          --stash-costs                  instead of the samples: what traits add per packet under UDP floods through a
                                         veth pair (XDP set, TC get, the stash reaper's free path), meta, stash and (on
                                         a kernel with the trait kfuncs) kfunc backends, with and without traits, to a
                                         closed port and with GRO on to a UDP_GRO socket; the stash's occupancy and
                                         memory per packet (needs root, python3, ethtool)
          --packets N                    datagrams per phase for --stash-costs (default: 100000)
          --cold                         instead of the samples: cold compile time, whole processes, of the native
                                         traitsbpf, the dotnet tool and clang on each C twin (needs no root)
          --cold-runs N                  processes per side and twin for --cold; the median is kept (default: 10)
          --traitsbpf PATH               the NativeAOT traitsbpf for --cold (default: artifacts/native/traitsbpf)
          --help                         this text
        """;

    /// <summary>How to print.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Table;

    /// <summary>Where to write, or null for standard output.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Programs to measure; empty measures every sample and every port our compiler takes.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];

    /// <summary>The test run's repeat count.</summary>
    public int Repeat { get; init; } = 500_000;

    /// <summary>Measurements per packet and side.</summary>
    public int Rounds { get; init; } = 9;

    /// <summary>Timed compilations per program.</summary>
    public int Compiles { get; init; } = 5;

    /// <summary>Measure cold compile processes (<c>--cold</c>) instead of the samples.</summary>
    public bool ColdStart { get; init; }

    /// <summary>Processes per side and twin for <c>--cold</c>.</summary>
    public int ColdRuns { get; init; } = 10;

    /// <summary>The NativeAOT traitsbpf for <c>--cold</c>; null means the repository's artifacts/native/traitsbpf.</summary>
    public string? NativeCli { get; init; }

    /// <summary>Measure the stash's costs under a flood (<c>--stash-costs</c>) instead of the samples.</summary>
    public bool StashCosts { get; init; }

    /// <summary>Datagrams per phase for <c>--stash-costs</c>.</summary>
    public int Packets { get; init; } = 100_000;

    /// <summary>The trait backends to benchmark instead of the samples (<c>--traits</c>); empty runs the samples benchmark.</summary>
    public IReadOnlyList<TraitsBackend> TraitBackends { get; init; } = [];

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a one-line reason on a bad one.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--format" => options with { Format = ParseFormat(Value()) },
                "--json" => options with { Format = OutputFormat.Json },
                "--markdown" => options with { Format = OutputFormat.Markdown },
                "--output" => options with { OutputPath = Value() },
                "--programs" => options with { Programs = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--repeat" => options with { Repeat = Positive(args[i], Value()) },
                "--rounds" => options with { Rounds = Positive(args[i], Value()) },
                "--compiles" => options with { Compiles = Positive(args[i], Value()) },
                "--traits" => options with { TraitBackends = ParseBackends(Value()) },
                "--cold" => options with { ColdStart = true },
                "--stash-costs" => options with { StashCosts = true },
                "--packets" => options with { Packets = Positive(args[i], Value()) },
                "--cold-runs" => options with { ColdRuns = Positive(args[i], Value()) },
                "--traitsbpf" => options with { NativeCli = Value() },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return options;
    }

    private static OutputFormat ParseFormat(string value) => value switch
    {
        "table" => OutputFormat.Table,
        "markdown" or "md" => OutputFormat.Markdown,
        "json" => OutputFormat.Json,
        _ => throw new ArgumentException($"unknown format '{value}'; use table, markdown or json"),
    };

    private static IReadOnlyList<TraitsBackend> ParseBackends(string value) => value switch
    {
        "meta" => [TraitsBackend.Meta],
        "kfunc" => [TraitsBackend.Kfunc],
        "all" => [TraitsBackend.Meta, TraitsBackend.Kfunc],
        _ => throw new ArgumentException($"unknown traits backend '{value}'; use meta, kfunc or all"),
    };

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{option} needs a positive whole number, got '{value}'");
}
