using System.Globalization;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// bpf_get_ns_current_pid_tgid in a test run: the calling thread's id and the process's id in this process's pid
/// namespace, -EINVAL and zeros for another namespace or a device number past 32 bits; managed execution, told the same
/// task, answers the same bytes, and untold says it needs to be.
/// </summary>
public sealed class TaskHelperTests
{
    [Fact]
    public void A_test_run_sees_the_calling_thread_in_its_pid_namespace_and_managed_execution_agrees()
    {
        using var programs = new CompiledAssembly(typeof(TaskHelperPrograms).Assembly.Location, "h_ns_pid_tgid");
        var numbers = Tool.RunClean("stat", "-L", "-c", "%d %i", "/proc/self/ns/pid").Output.Split(' ', StringSplitOptions.TrimEntries);
        ulong device = ulong.Parse(numbers[0], CultureInfo.InvariantCulture);
        ulong inode = ulong.Parse(numbers[1], CultureInfo.InvariantCulture);
        var outcomes = new List<(int Result, uint Pid, uint Tgid)>();
        uint threadId = 0;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        // The test run and the managed run on one thread of the test's own, whose id the kernel reports as pid.
        var thread = new Thread(() =>
        {
            try
            {
                threadId = uint.Parse(Path.GetFileName(File.ResolveLinkTarget("/proc/thread-self", returnFinalTarget: false)!.FullName), CultureInfo.InvariantCulture);
                ManagedExecution.CurrentPidNamespace = new PidNamespaceView(device, inode, threadId, (uint)Environment.ProcessId);
                foreach (var (dev, ino) in new[] { (device, inode), (device, inode + 1), (device + 1, inode), (device | 1UL << 32, inode) })
                {
                    var packet = new byte[32];
                    BitConverter.TryWriteBytes(packet.AsSpan(0), dev);
                    BitConverter.TryWriteBytes(packet.AsSpan(8), ino);
                    var run = SampleRunner.Xdp(programs, "h_ns_pid_tgid", TaskHelperPrograms.NamespaceIds, packet);
                    outcomes.Add((BitConverter.ToInt32(run.Output, 16), BitConverter.ToUInt32(run.Output, 20), BitConverter.ToUInt32(run.Output, 24)));
                }
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();

        Assert.NotEqual((uint)Environment.ProcessId, threadId);
        Assert.Equal([(0, threadId, (uint)Environment.ProcessId), (-Errno.EINVAL, 0u, 0u), (-Errno.EINVAL, 0u, 0u), (-Errno.EINVAL, 0u, 0u)], outcomes);
    }

    [Fact]
    public void Managed_execution_says_it_needs_the_task()
    {
        var error = Assert.Throws<NotSupportedException>(() => Bpf.GetNsCurrentPidTgid(1, 2, out _));
        Assert.Contains("set ManagedExecution.CurrentPidNamespace", error.Message, StringComparison.Ordinal);
    }
}
