using TraitsBpf.Programs.Tests.Infrastructure;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// The clock helpers run in the kernel and keep the relations the kernel's clocks keep, as their managed
/// stand-ins do: boot time is at least monotonic time, the coarse clock is at most a tick behind, TAI is
/// wall-clock time since the epoch, jiffies advance, and a one-node machine is node 0.
/// </summary>
public sealed class ClockTests
{
    private const ulong Tick = 10_000_000;

    [Fact]
    public void The_kernels_clocks_keep_their_relations()
    {
        using var programs = new CompiledAssembly(typeof(ClockPrograms).Assembly.Location, "h_clocks");
        var first = programs.Program("h_clocks").TestRun(new byte[64]);
        Thread.Sleep(50);
        var second = programs.Program("h_clocks").TestRun(new byte[64]);
        var (a, b) = (Clocks(first.DataOut), Clocks(second.DataOut));

        Assert.Equal((uint)XdpAction.Pass, first.ReturnValue);
        Assert.True(a.Boot >= a.Monotonic, $"boot {a.Boot} < monotonic {a.Monotonic}");
        Assert.True(a.Coarse <= a.Monotonic && a.Monotonic - a.Coarse < Tick, $"coarse {a.Coarse} against monotonic {a.Monotonic}");
        var now = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        Assert.InRange(a.Tai, now - 120_000_000_000UL, now + 120_000_000_000UL);
        Assert.True(b.Jiffies > a.Jiffies, $"jiffies {a.Jiffies} then {b.Jiffies} over 50 ms");
        Assert.True(b.Monotonic - a.Monotonic >= 50_000_000UL);
        Assert.Equal(0, a.Node);
    }

    [Fact]
    public void The_managed_stand_ins_keep_the_same_relations()
    {
        using var first = XdpContext.ForPacket(new byte[64]);
        ManagedExecution.Run(ClockPrograms.Clocks, first);
        using var second = XdpContext.ForPacket(new byte[64]);
        ManagedExecution.Run(ClockPrograms.Clocks, second);
        var (a, b) = (Clocks(first.Packet), Clocks(second.Packet));

        Assert.True(a.Boot >= a.Monotonic && a.Coarse >= a.Monotonic - Tick);
        Assert.True(a.Tai > 1_767_225_600UL * 1_000_000_000 && b.Tai > a.Tai);
        Assert.True(b.Jiffies >= a.Jiffies && b.Monotonic > a.Monotonic);
        Assert.Equal(0, a.Node);
    }

    private static (ulong Monotonic, ulong Boot, ulong Coarse, ulong Tai, ulong Jiffies, int Node) Clocks(byte[] packet) =>
        (BitConverter.ToUInt64(packet, 0), BitConverter.ToUInt64(packet, 8), BitConverter.ToUInt64(packet, 16),
         BitConverter.ToUInt64(packet, 24), BitConverter.ToUInt64(packet, 32), BitConverter.ToInt32(packet, 40));
}
