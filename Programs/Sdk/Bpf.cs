using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// Kernel BPF helpers. In a compiled program each is a helper call; run as managed code each
/// has a deterministic stand-in so tests are repeatable.
/// </summary>
public static class Bpf
{
    private static ulong clock = 1_000_000_000;
    private static uint random = 0x9E3779B9;

    /// <summary>Monotonic time in nanoseconds (bpf_ktime_get_ns). Managed: starts at 1 s and advances 1 µs per call.</summary>
    [BpfHelper(BpfHelper.KtimeGetNs)]
    public static ulong KtimeGetNs() => Interlocked.Add(ref clock, 1000);

    /// <summary>The managed clock's time, without moving it: what a timer started now counts from.</summary>
    internal static ulong ManagedNow => Interlocked.Read(ref clock);

    /// <summary>Moves the managed clock on by <paramref name="nanoseconds"/>; its new time.</summary>
    internal static ulong AdvanceManagedClock(ulong nanoseconds) => Interlocked.Add(ref clock, nanoseconds);

    /// <summary>
    /// Time since boot in nanoseconds, suspend included (bpf_ktime_get_boot_ns). Managed: the <see cref="KtimeGetNs"/>
    /// clock, advanced as it is: a test run never suspends.
    /// </summary>
    [BpfHelper(BpfHelper.KtimeGetBootNs)]
    public static ulong KtimeGetBootNs() => KtimeGetNs();

    /// <summary>
    /// Monotonic time in nanoseconds at the last timer tick (bpf_ktime_get_coarse_ns): cheaper, and up to a tick
    /// behind <see cref="KtimeGetNs"/>. Managed: the <see cref="KtimeGetNs"/> clock.
    /// </summary>
    [BpfHelper(BpfHelper.KtimeGetCoarseNs)]
    public static ulong KtimeGetCoarseNs() => KtimeGetNs();

    /// <summary>
    /// International atomic time in nanoseconds since the epoch (bpf_ktime_get_tai_ns). Managed: 2026-01-01T00:00:00
    /// TAI plus the <see cref="KtimeGetNs"/> clock, so it advances with it.
    /// </summary>
    [BpfHelper(BpfHelper.KtimeGetTaiNs)]
    public static ulong KtimeGetTaiNs() => ManagedTaiEpoch + KtimeGetNs();

    /// <summary>
    /// The kernel's jiffies counter (bpf_jiffies64), which ticks CONFIG_HZ times a second. Managed: 2^32 − 300 000, where
    /// the kernel starts it at HZ = 1000, plus one per millisecond of the <see cref="KtimeGetNs"/> clock.
    /// </summary>
    [BpfHelper(BpfHelper.Jiffies64)]
    public static ulong Jiffies64() => 4_294_967_296UL - 300 * 1000 + KtimeGetNs() / 1_000_000;

    /// <summary>The NUMA node of the running CPU (bpf_get_numa_node_id). Managed: 0.</summary>
    [BpfHelper(BpfHelper.GetNumaNodeId)]
    public static int GetNumaNodeId() => 0;

    /// <summary>2026-01-01T00:00:00 UTC in nanoseconds since the epoch, plus the 37 s TAI is ahead of UTC.</summary>
    private const ulong ManagedTaiEpoch = (1_767_225_600UL + 37) * 1_000_000_000;

    /// <summary>A pseudo-random number (bpf_get_prandom_u32). Managed: a fixed xorshift sequence.</summary>
    [BpfHelper(BpfHelper.GetPrandomU32)]
    public static uint GetPrandomU32()
    {
        uint x = random;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random = x;
        return x;
    }

    /// <summary>The CPU running the program (bpf_get_smp_processor_id). Managed: <see cref="ManagedExecution.Cpu"/>, 0 unless a test sets it.</summary>
    [BpfHelper(BpfHelper.GetSmpProcessorId)]
    public static uint GetSmpProcessorId() => (uint)ManagedExecution.Cpu;

    /// <summary>
    /// The current task's thread-group id (the process id) in the upper 32 bits and its thread id
    /// in the lower (bpf_get_current_pid_tgid). Managed: this process's id in both halves.
    /// </summary>
    [BpfHelper(BpfHelper.GetCurrentPidTgid)]
    public static ulong GetCurrentPidTgid() => (ulong)(uint)Environment.ProcessId << 32 | (uint)Environment.ProcessId;

    /// <summary>The most iterations <see cref="Loop{TState}"/> runs (BPF_MAX_LOOPS, 1 &lt;&lt; 23).</summary>
    public const uint MaxLoops = 1u << 23;

    /// <summary>
    /// Calls <paramref name="callback"/> up to <paramref name="count"/> times with the iteration's index and
    /// <paramref name="state"/> (bpf_loop, Linux 5.17+), stopping early when it returns 1. Returns the number of
    /// iterations run, or -E2BIG when <paramref name="count"/> is over <see cref="MaxLoops"/>. The verifier checks the
    /// callback once, however many times it runs, so a loop of any bound costs one body of instructions; the
    /// callback must be a static method or a static lambda, and the state a local of the program.
    /// </summary>
    [BpfIntrinsic("loop", Helper = BpfHelper.Loop)]
    public static int Loop<TState>(uint count, LoopCallback<TState> callback, ref TState state)
        where TState : unmanaged
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (count > MaxLoops)
        {
            return -Errno.E2BIG;
        }

        for (uint index = 0; index < count; index++)
        {
            if (MapCallbacks.Stops(callback(index, ref state)))
            {
                return (int)index + 1;
            }
        }

        return (int)count;
    }

    /// <summary>
    /// The checksum difference between two buffers of 32-bit words (bpf_csum_diff), added to
    /// <paramref name="seed"/>; pass it to the checksum replace helpers or fold it with
    /// <see cref="Checksum.Fold"/>. Sizes must be multiples of 4, together at most 512; otherwise
    /// -EINVAL. Managed execution returns what Linux 6.13 and later return, a 16-bit folded sum;
    /// earlier kernels return the unfolded 32-bit sum, which folds to the same value.
    /// </summary>
    [BpfHelper(BpfHelper.CsumDiff)]
    public static unsafe long CsumDiff(void* from, uint fromSize, void* to, uint toSize, uint seed)
    {
        if (((fromSize | toSize) & 3) != 0 || fromSize + toSize > 512 || (from == null && fromSize != 0) || (to == null && toSize != 0))
        {
            return -Errno.EINVAL;
        }

        var fromBytes = new ReadOnlySpan<byte>(from, (int)fromSize);
        var toBytes = new ReadOnlySpan<byte>(to, (int)toSize);
        if (fromSize != 0 && toSize != 0)
        {
            uint added = InternetChecksumArithmetic.Partial(toBytes, seed);
            uint removed = InternetChecksumArithmetic.Partial(fromBytes, 0);
            return InternetChecksumArithmetic.From32To16(InternetChecksumArithmetic.Add(added, ~removed));
        }

        if (toSize != 0)
        {
            return InternetChecksumArithmetic.From32To16(InternetChecksumArithmetic.Partial(toBytes, seed));
        }

        if (fromSize != 0)
        {
            return InternetChecksumArithmetic.From32To16(~InternetChecksumArithmetic.Partial(fromBytes, ~seed));
        }

        return seed;
    }

    /// <summary>Lines written by <see cref="Trace(string)"/> in managed execution, oldest first.</summary>
    public static List<string> TraceLog { get; } = [];

    /// <summary>
    /// Writes a line to the kernel trace pipe (bpf_trace_printk; read it with
    /// <c>cat /sys/kernel/debug/tracing/trace_pipe</c>). The format must be a string literal
    /// using %d %i %u %x %ld %lu %lx %lld %llu %llx %%; at most three arguments. Returns the
    /// number of bytes written. For debugging: it is slow.
    /// </summary>
    [BpfIntrinsic("trace", Helper = BpfHelper.TracePrintk)]
    public static int Trace(string format) => TraceFormatter.Write(format, []);

    /// <summary>Writes a line with one argument to the kernel trace pipe; see <see cref="Trace(string)"/>.</summary>
    [BpfIntrinsic("trace", Helper = BpfHelper.TracePrintk)]
    public static int Trace(string format, long a) => TraceFormatter.Write(format, [a]);

    /// <summary>Writes a line with two arguments to the kernel trace pipe; see <see cref="Trace(string)"/>.</summary>
    [BpfIntrinsic("trace", Helper = BpfHelper.TracePrintk)]
    public static int Trace(string format, long a, long b) => TraceFormatter.Write(format, [a, b]);

    /// <summary>Writes a line with three arguments to the kernel trace pipe; see <see cref="Trace(string)"/>.</summary>
    [BpfIntrinsic("trace", Helper = BpfHelper.TracePrintk)]
    public static int Trace(string format, long a, long b, long c) => TraceFormatter.Write(format, [a, b, c]);
}
