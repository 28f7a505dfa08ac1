using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.TestSupport.Host;

/// <summary>
/// Runs code on a thread of its own bound to one CPU, so that BPF_PROG_TEST_RUN (which runs the
/// program on the calling CPU) touches that CPU's copy of per-CPU maps. The caller's thread keeps
/// its affinity.
/// </summary>
public static partial class OnCpu
{
    private const int MaskWords = 16;

    /// <summary>Runs <paramref name="action"/> on CPU <paramref name="cpu"/> and rethrows what it throws.</summary>
    public static void Run(int cpu, Action action)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cpu, MaskWords * 64);
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Bind(cpu);
                action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    private static unsafe void Bind(int cpu)
    {
        var mask = stackalloc ulong[MaskWords];
        mask[cpu / 64] = 1UL << (cpu % 64);
        if (sched_setaffinity(0, MaskWords * sizeof(ulong), mask) != 0)
            throw new InvalidOperationException($"cannot bind a thread to CPU {cpu}: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sched_setaffinity(int pid, nuint size, ulong* mask);
}
