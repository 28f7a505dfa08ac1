using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.TestSupport.Kernel;

/// <summary>
/// Which helpers the running kernel lets a program type call, asked of its verifier: for each helper a two-instruction
/// program (<c>call helper; exit</c>, license GPL) is loaded, and the verifier's refusal tells. check_helper_call looks
/// the helper up in the program type's prototypes before anything else, so "program of this type cannot use helper"
/// (or "invalid func", "unknown func" for an id it does not know) means the type may not call it, and any other
/// refusal (the arguments the probe leaves unset) means it may, except "helper call might sleep in a non-sleepable
/// prog": such a helper is callable only by a type the kernel loads as sleepable (BPF_F_SLEEPABLE), which is asked too.
/// This is bpftool's feature probe, written again (bpftool counts a helper that might sleep as callable) so the tests
/// need neither bpftool's output format nor a copy of the kernel's func_proto switches. Needs root.
/// </summary>
public static unsafe class KernelHelperProbe
{
    private const string KernelBtf = "/sys/kernel/btf/vmlinux";
    private const string EnumeratorPrefix = "BPF_FUNC_";
    private const int LogSize = 1 << 16;
    private const uint LogLevelVerbose = 1;
    private const uint Sleepable = 1 << 4;
    private const ulong ReturnZero = 0xb7UL; // BPF_MOV64_IMM r0, 0
    private const string MightSleep = "helper call might sleep in a non-sleepable prog";

    /// <summary>The verifier's words for a helper the program type has no prototype for (6.12 and 6.18 alike), and older kernels'.</summary>
    private static readonly string[] UnavailableMarks = ["program of this type cannot use helper ", "invalid func ", "unknown func "];

    private static readonly Lazy<IReadOnlyDictionary<string, int>> s_helpers = new(ReadHelpers);
    private static readonly ConcurrentDictionary<BpfProgramType, IReadOnlySet<string>> s_callable = new();

    /// <summary>The running kernel's helpers (<c>enum bpf_func_id</c> in its BTF), by name without <c>BPF_FUNC_</c>, with their ids.</summary>
    public static IReadOnlyDictionary<string, int> Helpers => s_helpers.Value;

    /// <summary>The helpers (names as in <see cref="Helpers"/>) a program of <paramref name="type"/> may call, probed once per process.</summary>
    public static IReadOnlySet<string> Callable(BpfProgramType type) =>
        s_callable.GetOrAdd(type, t => Helpers.Where(h => Probe(t, h.Value).Callable).Select(h => h.Key).ToHashSet(StringComparer.Ordinal));

    /// <summary>Loads <c>call <paramref name="helperId"/>; exit</c> as a <paramref name="type"/> program and reads the verifier's verdict.</summary>
    public static HelperProbeResult Probe(BpfProgramType type, int helperId)
    {
        LibbpfLog.EnsureInstalled();
        // BPF_JMP | BPF_CALL with the helper id as immediate, then BPF_EXIT: r0 is the helper's result.
        var verdict = Load(type, 0x85UL | (ulong)(uint)helperId << 32, 0);
        if (verdict.Refusal.Length == 0 && !verdict.Loaded)
            throw new InvalidOperationException($"the kernel refused a {type} helper probe for helper {helperId} with no verifier log (is this root?)");
        if (verdict.Loaded)
            return new HelperProbeResult(true, "");
        bool callable = verdict.Refusal.Contains(MightSleep, StringComparison.Ordinal)
            ? Load(type, ReturnZero, Sleepable).Loaded
            : !UnavailableMarks.Any(mark => verdict.Log.Contains(mark, StringComparison.Ordinal));
        return new HelperProbeResult(callable, verdict.Refusal);
    }

    /// <summary>Loads <paramref name="first"/> then BPF_EXIT, returning whether it loaded, the verifier's log and its last line.</summary>
    private static (bool Loaded, string Log, string Refusal) Load(BpfProgramType type, ulong first, uint flags)
    {
        var instructions = stackalloc ulong[] { first, 0x95UL };
        var log = (byte*)NativeMemory.AllocZeroed(LogSize);
        try
        {
            var opts = new BpfProgLoadOpts
            {
                sz = (nuint)sizeof(BpfProgLoadOpts),
                prog_flags = flags,
                log_level = LogLevelVerbose,
                log_size = LogSize,
                log_buf = log,
            };
            int fd = Native.bpf_prog_load((int)type, "helper_probe", "GPL", instructions, 2, &opts);
            if (fd >= 0)
            {
                LibC.close(fd);
                return (true, "", "");
            }

            string text = Marshal.PtrToStringUTF8((nint)log) ?? "";
            string refusal = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault(line => !line.StartsWith("processed ", StringComparison.Ordinal)) ?? "";
            return (false, text, refusal);
        }
        finally
        {
            NativeMemory.Free(log);
        }
    }

    private static IReadOnlyDictionary<string, int> ReadHelpers()
    {
        var enumerators = BtfFile.Read(File.ReadAllBytes(KernelBtf), KernelBtf).Enumerators("bpf_func_id");
        // BPF_FUNC_unspec (0) is no helper, and __BPF_FUNC_MAX_ID is the count.
        return enumerators.Where(e => e.Key.StartsWith(EnumeratorPrefix, StringComparison.Ordinal) && e.Value > 0)
            .ToDictionary(e => e.Key[EnumeratorPrefix.Length..], e => (int)e.Value, StringComparer.Ordinal);
    }
}
