using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// <see cref="BpfTimer"/> in an array map's and a hash map's values: the 6.18 verifier accepts the program (the map's
/// BTF names <c>struct bpf_timer</c>, the callbacks are callback subprograms), a timer armed by BPF_PROG_TEST_RUN fires
/// in the kernel and its callback counts in its element, observed from user space a moment later; managed execution
/// gives the same helper results packet by packet and fires the same callbacks when the test lets the time pass.
/// </summary>
public sealed class TimerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void Armed_timers_fire_in_the_kernel_and_in_managed_execution()
    {
        using var programs = new CompiledAssembly(typeof(TimerPrograms).Assembly.Location, "h_timer");
        TimerPrograms.TimersByKey.Clear();

        // The first packet of each element initializes its timers; later ones find them initialized (-EBUSY).
        int[][] expected =
        [
            [0, 0, 0, 0, 0, 0, 0],
            [-Errno.EBUSY, 0, 0, -Errno.EBUSY, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0],
        ];
        byte[] keys = [0, 0, 1];
        for (int n = 0; n < keys.Length; n++)
        {
            var packet = new byte[32];
            packet[0] = keys[n];
            var run = SampleRunner.Xdp(programs, "h_timer", TimerPrograms.Arm, packet);
            Assert.Equal(expected[n], Enumerable.Range(0, 7).Select(i => BitConverter.ToInt32(run.Output, 4 + (4 * i))));
        }

        // The kernel fires each timer once, 500 ms after its last start; user space sees the callbacks' counts.
        Assert.True(SpinWait.SpinUntil(() => Fired(programs, "TimersByIndex", 0) == 1 && Fired(programs, "TimersByIndex", 1) == 1
            && Fired(programs, "TimersByKey", 0) == 1 && Fired(programs, "TimersByKey", 1) == 1, Wait),
            $"the kernel's timers fired: {Fired(programs, "TimersByIndex", 0)} {Fired(programs, "TimersByIndex", 1)} {Fired(programs, "TimersByKey", 0)} {Fired(programs, "TimersByKey", 1)}");
        Assert.Equal(0u, LastKey(programs, "TimersByIndex", 0));
        Assert.Equal(1u, LastKey(programs, "TimersByIndex", 1));
        Assert.Equal(101u, LastKey(programs, "TimersByKey", 1));

        // Managed: nothing fires before the time passes, then the same callbacks with the same keys.
        Assert.Equal(0, ManagedExecution.RunTimers(TimerPrograms.Delay / 2));
        Assert.Equal(4, ManagedExecution.RunTimers(TimerPrograms.Delay));
        Assert.Equal(0, ManagedExecution.RunTimers(TimerPrograms.Delay * 10));
        Assert.Equal(1UL, TimerPrograms.TimersByIndex[0].Fired);
        Assert.Equal(2UL, TimerPrograms.TimersByIndex[0].Armed);
        Assert.Equal(1u, TimerPrograms.TimersByIndex[1].LastKey);
        var byKey = TimerPrograms.TimersByKey.Entries.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(1UL, byKey[1].Fired);
        Assert.Equal(101u, byKey[1].LastKey);
        MapContents.AssertSame(programs.Map("TimersByKey"), TimerPrograms.TimersByKey.Entries.Select(e => Without(e, e.Value)));
    }

    [Fact]
    public void A_cancelled_timer_does_not_fire()
    {
        using var programs = new CompiledAssembly(typeof(TimerPrograms).Assembly.Location, "h_timer");
        var packet = new byte[32];
        packet[0] = 1;
        packet[1] = 0xCC;
        var run = programs.Program("h_timer").TestRun(packet);
        Assert.Equal(1, BitConverter.ToInt32(run.DataOut, 4 + (4 * 6))); // it was armed
        Assert.True(SpinWait.SpinUntil(() => Fired(programs, "TimersByIndex", 1) == 1, Wait), "the array's timer fired");
        Thread.Sleep(20);
        Assert.Equal(0UL, Fired(programs, "TimersByKey", 1));
    }

    private static KeyValuePair<uint, TimedCount> Without(KeyValuePair<uint, TimedCount> entry, TimedCount value)
    {
        value.Timer = default; // the kernel gives a timer's bytes back as zero
        return new KeyValuePair<uint, TimedCount>(entry.Key, value);
    }

    private static ulong Fired(CompiledAssembly programs, string map, uint key) => BitConverter.ToUInt64(Value(programs, map, key), 24);

    private static uint LastKey(CompiledAssembly programs, string map, uint key) => BitConverter.ToUInt32(Value(programs, map, key), 32);

    private static byte[] Value(CompiledAssembly programs, string map, uint key)
    {
        var m = programs.Map(map);
        var value = new byte[m.ValueBufferSize];
        return m.Lookup(BitConverter.GetBytes(key), value) ? value : new byte[m.ValueBufferSize];
    }
}
