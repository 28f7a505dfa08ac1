using System.Globalization;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// The task helpers in a test run, whose task is the caller: bpf_get_ns_current_pid_tgid gives the calling thread's id and
/// the process's id in this process's pid namespace, -EINVAL and zeros for another namespace or a device number past 32
/// bits; bpf_probe_read_user and bpf_probe_read_user_str read the test's own memory, bpf_probe_read_kernel_str the
/// sk_buff's data. Managed execution, told the same task, answers the same bytes, and untold says it needs to be.
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
    public unsafe void Probe_reads_of_the_callers_memory_agree_with_managed_execution()
    {
        using var programs = new CompiledAssembly(typeof(TaskHelperPrograms).Assembly.Location, "h_probe_user");
        var random = new Random(37);
        byte* memory = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(128);
        var results = new HashSet<long>();
        try
        {
            programs.Map("UserMemory").Update(BitConverter.GetBytes(0u), BitConverter.GetBytes((ulong)memory));
            TaskHelperPrograms.UserMemory[0] = (ulong)memory;
            for (int n = 0; n < 300; n++)
            {
                for (int i = 0; i < 128; i++)
                {
                    memory[i] = random.Next(6) == 0 ? (byte)0 : (byte)random.Next(1, 256);
                }

                var packet = new byte[40];
                packet[0] = (byte)random.Next(64);
                packet[1] = (byte)(random.Next(10) == 0 ? 1 : 0);
                packet[8] = (byte)random.Next(3);
                packet[9] = (byte)random.Next(256);
                var run = SampleRunner.Xdp(programs, "h_probe_user", TaskHelperPrograms.ReadUser, packet);
                results.Add(BitConverter.ToInt64(run.Output, 16));
            }
        }
        finally
        {
            TaskHelperPrograms.UserMemory[0] = 0;
            System.Runtime.InteropServices.NativeMemory.Free(memory);
        }

        Assert.Contains(-Errno.EFAULT, results);
        Assert.Contains(0L, results);
        Assert.Contains(results, r => r > 1);
    }

    [Fact]
    public unsafe void A_kernel_string_read_from_the_sk_buff_agrees_with_managed_execution()
    {
        using var programs = new CompiledAssembly(typeof(TaskHelperPrograms).Assembly.Location, "h_probe_kernel_str");
        var random = new Random(41);
        var results = new HashSet<long>();
        for (int n = 0; n < 300; n++)
        {
            var packet = new byte[72];
            for (int i = 0; i < 40; i++)
            {
                packet[i] = random.Next(5) == 0 ? (byte)0 : (byte)random.Next(1, 256);
            }

            packet[40] = (byte)random.Next(256);
            packet[41] = (byte)(random.Next(8) == 0 ? 1 : 0);
            var kernel = programs.Program("h_probe_kernel_str").TestRun(packet);
            using var ctx = TcContext.ForPacket(packet);
            ctx.KernelSkBuff->Data = ctx.Data;
            Assert.Equal(kernel.ReturnValue, (uint)ManagedExecution.Run(TaskHelperPrograms.ReadKernelString, ctx));
            Assert.Equal(Convert.ToHexString(kernel.DataOut), Convert.ToHexString(ctx.Packet));
            results.Add(BitConverter.ToInt64(kernel.DataOut, 48));
        }

        Assert.Contains(-Errno.ERANGE, results);
        Assert.Contains(0L, results);
        Assert.Contains(results, r => r > 1);
    }

    [Fact]
    public void Managed_execution_says_it_needs_the_task()
    {
        var error = Assert.Throws<NotSupportedException>(() => Bpf.GetNsCurrentPidTgid(1, 2, out _));
        Assert.Contains("set ManagedExecution.CurrentPidNamespace", error.Message, StringComparison.Ordinal);
    }
}
