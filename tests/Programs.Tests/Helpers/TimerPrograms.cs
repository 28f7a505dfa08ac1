using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>A map value with a timer: how often the program armed it and how often it fired.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TimedCount
{
    /// <summary>Fires <see cref="TimerPrograms.Delay"/> after the last packet.</summary>
    public BpfTimer Timer;

    /// <summary>Packets that armed the timer.</summary>
    public ulong Armed;

    /// <summary>Times the callback ran.</summary>
    public ulong Fired;

    /// <summary>The key the callback was given last.</summary>
    public uint LastKey;
}

/// <summary>
/// A timer in an array map's and a hash map's values: each packet initializes the timer of element <c>data[0] &amp; 1</c>
/// (once), names the callback and arms it; the callback counts in the element it is given.
/// </summary>
public static unsafe class TimerPrograms
{
    /// <summary>How long after a packet the timer fires: 500 ms, longer than the test takes to send its packets, so a later start moves the timer before it fires.</summary>
    public const ulong Delay = 500_000_000;

    /// <summary>Timers by index.</summary>
    public static readonly ArrayMap<TimedCount> TimersByIndex = new(2);

    /// <summary>Timers by key.</summary>
    public static readonly HashMap<uint, TimedCount> TimersByKey = new(4);

    /// <summary>
    /// Arms the timer of element <c>data[0] &amp; 1</c> in both maps (adding the hash map's element first); writes each
    /// helper's result (init, set callback, start; array then hash) as 32-bit words from the packet's byte 4.
    /// </summary>
    [Xdp("h_timer")]
    public static XdpAction Arm(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 32 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint key = data[0] & 1u;
        TimedCount* byIndex = TimersByIndex.Lookup(key);
        if (byIndex == null)
        {
            return XdpAction.Aborted;
        }

        int* results = (int*)(data + 4);
        results[0] = byIndex->Timer.Init(TimersByIndex, TimerClock.Monotonic);
        results[1] = byIndex->Timer.SetCallback<uint, TimedCount>(OnTimer);
        results[2] = byIndex->Timer.Start(Delay);
        byIndex->Armed++;

        TimedCount* byKey = TimersByKey.Lookup(key);
        if (byKey == null)
        {
            TimersByKey.Update(key, default, MapUpdate.NoExist);
            byKey = TimersByKey.Lookup(key);
            if (byKey == null)
            {
                return XdpAction.Aborted;
            }
        }

        results[3] = byKey->Timer.Init(TimersByKey, TimerClock.Boottime);
        results[4] = byKey->Timer.SetCallback(static (in uint k, ref TimedCount value) =>
        {
            value.Fired++;
            value.LastKey = k + 100;
            return 0;
        });
        results[5] = byKey->Timer.Start(Delay);
        byKey->Armed++;
        results[6] = data[1] == 0xCC ? byKey->Timer.Cancel() : 0;
        return XdpAction.Pass;
    }

    private static long OnTimer(in uint key, ref TimedCount value)
    {
        value.Fired++;
        value.LastKey = key;
        return 0;
    }
}
