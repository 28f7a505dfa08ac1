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

    /// <summary>
    /// The id of the cgroup v2 of the running task (bpf_get_current_cgroup_id): the inode number of its directory. In a
    /// packet program the task is whoever the packet is processed for at the time: the sender at egress, the caller of a
    /// test run, any task interrupted at ingress. Managed: <see cref="ManagedExecution.CurrentCgroup"/>'s, which a test sets.
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="ManagedExecution.CurrentCgroup"/> is not set.</exception>
    [BpfHelper(BpfHelper.GetCurrentCgroupId)]
    public static ulong GetCurrentCgroupId() => CgroupMembership.Required(ManagedExecution.CurrentCgroup, "ManagedExecution.CurrentCgroup").Id;

    /// <summary>
    /// The id of the ancestor at <paramref name="level"/> of the running task's cgroup (bpf_get_current_ancestor_cgroup_id):
    /// level 0 is the root; 0 when the cgroup is not that deep. Managed: from <see cref="ManagedExecution.CurrentCgroup"/>.
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="ManagedExecution.CurrentCgroup"/> is not set.</exception>
    [BpfHelper(BpfHelper.GetCurrentAncestorCgroupId)]
    public static ulong GetCurrentAncestorCgroupId(int level) =>
        CgroupMembership.Required(ManagedExecution.CurrentCgroup, "ManagedExecution.CurrentCgroup").AncestorId(level);

    /// <summary>
    /// The running task's thread and process ids as the pid namespace with device <paramref name="device"/> and inode
    /// <paramref name="inode"/> sees them (bpf_get_ns_current_pid_tgid, Linux 5.7+; pass <c>stat</c>'s st_dev and st_ino of
    /// <c>/proc/self/ns/pid</c>): 0, or -EINVAL with <paramref name="info"/> zeroed when that is not the task's active pid
    /// namespace. Managed: the task is <see cref="ManagedExecution.CurrentPidNamespace"/>, which a test sets.
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="ManagedExecution.CurrentPidNamespace"/> is not set.</exception>
    [BpfIntrinsic("ns_current_pid_tgid", Helper = BpfHelper.GetNsCurrentPidTgid)]
    public static int GetNsCurrentPidTgid(ulong device, ulong inode, out PidNamespaceInfo info)
    {
        var task = ManagedExecution.CurrentPidNamespace ?? throw new NotSupportedException(
            "bpf_get_ns_current_pid_tgid answers for the task running the program, which managed execution does not have: set ManagedExecution.CurrentPidNamespace to the task the kernel would see.");
        info = default;
        if (device > uint.MaxValue || device != task.Device || inode != task.Inode)
        {
            return -Errno.EINVAL;
        }

        info.Pid = task.Pid;
        info.Tgid = task.Tgid;
        return 0;
    }

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

    /// <summary>
    /// Compares the bytes of <paramref name="s1"/> with the string literal <paramref name="s2"/> as C's strncmp does
    /// over <paramref name="s1"/>'s length (bpf_strncmp, Linux 5.17+): -1, 0 or 1 at the first byte that differs (compared
    /// unsigned), 0 when they agree up to a terminating zero or the end of <paramref name="s1"/>. <paramref name="s2"/> must be a
    /// string literal (it goes to .rodata, UTF-8 with a terminating zero, where the kernel requires it) and <paramref name="s1"/>
    /// must not be empty.
    /// </summary>
    [BpfIntrinsic("strncmp", Helper = BpfHelper.Strncmp)]
    public static int Strncmp(ReadOnlySpan<byte> s1, string s2)
    {
        ArgumentNullException.ThrowIfNull(s2);
        return KernelStringParsing.Compare(s1, [.. System.Text.Encoding.UTF8.GetBytes(s2), 0]);
    }

    /// <summary>
    /// Parses a signed integer at the start of <paramref name="text"/> (bpf_strtol, Linux 5.2+): leading white space, an
    /// optional minus sign, then digits of <paramref name="numberBase"/> (8, 10 or 16; 0 reads a 0x prefix as 16 and a
    /// leading 0 as 8), of which the kernel reads at most 63 characters. Returns the characters consumed, -EINVAL when there
    /// are no digits, for another base or for an empty span, or -ERANGE when the value does not fit; <paramref name="result"/>
    /// is 0 on error.
    /// </summary>
    [BpfIntrinsic("strtol", Helper = BpfHelper.Strtol)]
    public static long Strtol(ReadOnlySpan<byte> text, ulong numberBase, out long result) =>
        KernelStringParsing.ParseSigned(text, numberBase, out result);

    /// <summary>
    /// Parses an unsigned integer at the start of <paramref name="text"/> (bpf_strtoul, Linux 5.2+), as
    /// <see cref="Strtol"/> does; a minus sign is -EINVAL.
    /// </summary>
    [BpfIntrinsic("strtoul", Helper = BpfHelper.Strtoul)]
    public static long Strtoul(ReadOnlySpan<byte> text, ulong numberBase, out ulong result) =>
        KernelStringParsing.ParseUnsigned(text, numberBase, out result);

    /// <summary>
    /// Formats <paramref name="arguments"/> into <paramref name="destination"/> by <paramref name="format"/> (bpf_snprintf,
    /// Linux 5.13+), truncating to the span and always ending it with a zero byte; returns the length the whole text needs,
    /// its terminator included, or -EINVAL. The format must be a string literal of text and conversions %d %i %u %x %X
    /// (32-bit; with l or ll 64-bit) and %c, with flags 0 + - and space and a width, one argument each, at most 12: the
    /// compiler refuses any other format, and a span of arguments (e.g. <c>stackalloc long[] { a, b }</c>) shorter than the
    /// format needs, at its line.
    /// </summary>
    [BpfIntrinsic("snprintf", Helper = BpfHelper.Snprintf)]
    public static int Snprintf(Span<byte> destination, string format, ReadOnlySpan<long> arguments)
    {
        ArgumentNullException.ThrowIfNull(format);
        byte[]? text = BprintfFormatter.Format(format, arguments);
        if (text is null)
        {
            return -Errno.EINVAL;
        }

        if (!destination.IsEmpty)
        {
            int written = Math.Min(text.Length, destination.Length - 1);
            text.AsSpan(0, written).CopyTo(destination);
            destination[written] = 0;
        }

        return text.Length + 1;
    }

    /// <summary>
    /// Writes a line formatted from up to 12 <paramref name="arguments"/> to the kernel trace pipe (bpf_trace_vprintk,
    /// Linux 5.16+), with the formats <see cref="Snprintf"/> takes; returns the line's length, or -EINVAL. Managed: the line
    /// goes to <see cref="TraceLog"/>.
    /// </summary>
    [BpfIntrinsic("trace.vprintk", Helper = BpfHelper.TraceVprintk)]
    public static int Trace(string format, ReadOnlySpan<long> arguments)
    {
        ArgumentNullException.ThrowIfNull(format);
        byte[]? text = BprintfFormatter.Format(format, arguments);
        if (text is null)
        {
            return -Errno.EINVAL;
        }

        TraceLog.Add(System.Text.Encoding.UTF8.GetString(text));
        return text.Length;
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
