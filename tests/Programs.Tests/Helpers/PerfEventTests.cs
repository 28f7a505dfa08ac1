using TraitsBpf.Loader;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// <see cref="PerfEventArray"/>: the 6.18 verifier accepts XDP, TC and socket filter programs that call bpf_perf_event_output, and
/// the records BPF_PROG_TEST_RUN makes them write, read back through the loader's <see cref="PerfBufferReader"/>,
/// are the ones managed execution collects (the record, the appended packet bytes, the CPU), as are the helper's
/// errors; a full perf buffer loses records and the reader counts them.
/// </summary>
public sealed class PerfEventTests
{
    private const int Cpu = 1;
    private const int EthernetHeader = 14;

    [Fact]
    public void Xdp_records_reach_the_perf_buffer_as_managed_execution_writes_them() =>
        RunOnCpu(programs => Compare(programs, packet => BitConverter.ToInt32(SampleRunner.Xdp(programs, "h_perf_xdp", PerfEventPrograms.Xdp, packet).Output, 4)));

    [Fact]
    public void Tc_records_reach_the_perf_buffer_as_managed_execution_writes_them() =>
        RunOnCpu(programs => Compare(programs, packet => BitConverter.ToInt32(SampleRunner.Tc(programs, "h_perf_tc", PerfEventPrograms.Tc, packet).Output, 4)));

    /// <summary>The socket filter's test run gets the frame less its Ethernet header, and the result comes back as the filter's return value.</summary>
    [Fact]
    public void Socket_filter_records_reach_the_perf_buffer_as_managed_execution_writes_them() =>
        RunOnCpu(programs => Compare(programs, frame =>
        {
            uint kernel = programs.Program("h_perf_socket").TestRun(frame).ReturnValue;
            using var ctx = SocketContext.ForPacket(frame.AsSpan(EthernetHeader));
            Assert.Equal(kernel, ManagedExecution.Run(PerfEventPrograms.Socket, ctx));
            return (int)kernel;
        }, EthernetHeader));

    [Fact]
    public void A_full_perf_buffer_counts_the_records_it_lost()
    {
        RunOnCpu(programs =>
        {
            using var reader = new PerfBufferReader(programs.Map("Events").Fd, pagesPerCpu: 1);
            // 12 + 1008 bytes: each sample takes 1032 of the page's 4096 bytes (header, size, data), so three fit.
            var packet = Packet(mode: 1, length: 1100, appended: 1008);
            programs.Program("h_perf_xdp").TestRun(packet, repeat: 10);
            var first = reader.Drain();
            Assert.Equal(3, first.Count);
            Assert.Equal(0UL, reader.LostSamples); // the kernel reports a loss with the next record it has room for

            programs.Program("h_perf_xdp").TestRun(packet);
            var second = reader.Drain();
            Assert.Single(second);
            Assert.Equal(7UL, reader.LostSamples);
            Assert.All(first.Concat(second), r => Assert.Equal(1020, r.Data.Length));
        });
    }

    /// <summary>Runs the test on CPU 1, kernel and managed alike, so that slot 0 belongs to another CPU.</summary>
    private static void RunOnCpu(Action<CompiledAssembly> test)
    {
        Assert.True(Environment.ProcessorCount > Cpu, "the tests need two CPUs");
        using var programs = new CompiledAssembly(typeof(PerfEventPrograms).Assembly.Location, "h_perf_xdp", "h_perf_tc", "h_perf_socket");
        PerfEventPrograms.Events.Clear();
        try
        {
            // Managed execution's CPU belongs to the thread, like the kernel's.
            OnCpu.Run(Cpu, () =>
            {
                ManagedExecution.Cpu = Cpu;
                test(programs);
            });
        }
        finally
        {
            PerfEventPrograms.Events.Clear();
        }
    }

    /// <summary>
    /// Runs each case both ways (<paramref name="run"/> compares the helper's result and returns it) and compares the
    /// records; the program's packet starts <paramref name="start"/> bytes into the test run's.
    /// </summary>
    private static void Compare(CompiledAssembly programs, Func<byte[], int> run, int start = 0)
    {
        using var reader = new PerfBufferReader(programs.Map("Events").Fd);
        var cases = new (byte[] Packet, int Result)[]
        {
            (Packet(mode: 0, length: 60, appended: 0, start: start), 0),
            (Packet(mode: 1, length: 60, appended: 60 - start, start: start), 0),
            (Packet(mode: 1, length: 200, appended: 100, start: start), 0), // 112 bytes: the kernel pads to 116
            (Packet(mode: 1, length: 1500, appended: 1500 - start, start: start), 0),
            (Packet(mode: 1, length: 60, appended: 61 - start, start: start), -Errno.EFAULT),
            (Packet(mode: 2, length: 60, appended: 0, start: start), -Errno.E2BIG),
            (Packet(mode: 3, length: 60, appended: 0, slot: Cpu, start: start), 0),
            (Packet(mode: 3, length: 60, appended: 0, slot: 0, start: start), -Errno.EOPNOTSUPP),
        };
        foreach (var (packet, expected) in cases)
        {
            Assert.Equal(expected, run(packet));
            var kernel = reader.Drain();
            var managed = PerfEventPrograms.Events.TakeRecords();
            Assert.Equal(managed.Count, kernel.Count);
            for (int i = 0; i < kernel.Count; i++)
            {
                Assert.Equal(Cpu, kernel[i].Cpu);
                Assert.Equal(managed[i].Cpu, kernel[i].Cpu);
                Assert.Equal(Padded(managed[i].Record.Length), kernel[i].Data.Length);
                Assert.Equal(Convert.ToHexString(managed[i].Record), Convert.ToHexString(kernel[i].Data, 0, managed[i].Record.Length));
            }

            Assert.Equal(expected == 0 ? 1 : 0, kernel.Count);
        }

        Assert.Equal(0UL, reader.LostSamples);
    }

    /// <summary>The length perf gives a raw sample of <paramref name="length"/> bytes: its 4-byte size and the data end 8-byte aligned.</summary>
    private static int Padded(int length) => ((length + 4 + 7) & ~7) - 4;

    /// <summary>A packet whose program-visible part (from <paramref name="start"/>) begins with the mode, the slot and the bytes to append.</summary>
    private static byte[] Packet(byte mode, int length, int appended, byte slot = 0, int start = 0)
    {
        var packet = new byte[length];
        new Random(length + appended).NextBytes(packet);
        packet[start] = mode;
        packet[start + 1] = slot;
        BitConverter.TryWriteBytes(packet.AsSpan(start + 2), (ushort)appended);
        packet[12] = 0x88; // an EtherType the TC and socket filter test runs take as it is
        packet[13] = 0xB5;
        return packet;
    }
}
