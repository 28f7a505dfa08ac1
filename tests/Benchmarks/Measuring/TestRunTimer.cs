using System.Diagnostics;
using TraitsBpf.Loader;

namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>
/// Times two programs over the same packet under BPF_PROG_TEST_RUN, interleaved: round after
/// round, each side runs the packet <c>repeat</c> times, the side that goes first alternating, so
/// that frequency changes and noise fall on both alike. The kernel's own figure leaves out the
/// time the test run spends rescheduled, which the wall clock of a busy machine does not; it is
/// a whole number of nanoseconds, so the interquartile mean over the rounds is kept.
/// </summary>
public static class TestRunTimer
{
    /// <summary>Ours against clang's on <paramref name="packet"/>.</summary>
    public static PacketTiming Compare(string name, BpfProgram ours, BpfProgram clang, byte[] packet, int repeat, int rounds)
    {
        uint action = ours.TestRun(packet).ReturnValue;
        uint clangAction = clang.TestRun(packet).ReturnValue;
        if (action != clangAction)
        {
            throw new InvalidOperationException($"{ours.Name}: ours returns {action} on packet {name}, clang's twin {clangAction}; the timings would not compare the same work");
        }

        var oursWall = new List<double>();
        var clangWall = new List<double>();
        var oursKernel = new List<double>();
        var clangKernel = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            bool oursFirst = round % 2 == 0;
            var (first, second) = oursFirst ? (ours, clang) : (clang, ours);
            var (firstWall, firstKernel) = Measure(first, packet, repeat);
            var (secondWall, secondKernel) = Measure(second, packet, repeat);
            (oursFirst ? oursWall : clangWall).Add(firstWall);
            (oursFirst ? clangWall : oursWall).Add(secondWall);
            (oursFirst ? oursKernel : clangKernel).Add(firstKernel);
            (oursFirst ? clangKernel : oursKernel).Add(secondKernel);
        }

        return new PacketTiming(
            name,
            new OursVersusClang(RobustAverage.InterquartileMean(oursKernel), RobustAverage.InterquartileMean(clangKernel)),
            new OursVersusClang(RobustAverage.InterquartileMean(oursWall), RobustAverage.InterquartileMean(clangWall)),
            action);
    }

    /// <summary>One program alone (the empty baseline): the kernel's nanoseconds per packet.</summary>
    public static double Alone(BpfProgram program, byte[] packet, int repeat, int rounds) =>
        RobustAverage.InterquartileMean(Enumerable.Range(0, rounds).Select(_ => Measure(program, packet, repeat).KernelNs));

    private static (double WallNs, double KernelNs) Measure(BpfProgram program, byte[] packet, int repeat)
    {
        var watch = Stopwatch.StartNew();
        var result = program.TestRun(packet, repeat);
        return (watch.Elapsed.TotalNanoseconds / repeat, result.DurationNs);
    }
}
