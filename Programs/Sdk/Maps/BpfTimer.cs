using System.Runtime.InteropServices;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_timer</c>: a timer a map value holds as a field (16 bytes), which calls a callback with the element's
/// key and value when it fires. <see cref="Init"/> ties it to its map and clock, <see cref="SetCallback{TKey, TValue}"/>
/// names the callback, <see cref="Start"/> arms it and <see cref="Cancel"/> disarms it; each returns 0 or -errno as the
/// helper does. The compiler names it in the map value's BTF as the kernel expects, so the kernel finds the timer.
/// </summary>
/// <remarks>
/// The kernel allows timers in <see cref="HashMap{TKey, TValue}"/>, <see cref="LruHashMap{TKey, TValue}"/> and
/// <see cref="ArrayMap{TValue}"/> values, one per value, and only while user space holds the map (a loaded object or a
/// pin): otherwise <see cref="Init"/> returns -EPERM. Deleting the element, or replacing it in a hash map, cancels
/// the timer. Run as managed code, the timer fires when a test lets time pass with
/// <see cref="ManagedExecution.RunTimers"/>, on the <see cref="Bpf.KtimeGetNs"/> clock; managed execution has no
/// clock that runs by itself.
/// </remarks>
[KernelType("bpf_timer")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct BpfTimer
{
    // The kernel keeps its pointer here; managed execution keeps the timer's number in the managed registry.
    [KernelField("__opaque")]
    private fixed ulong opaque[2];

    /// <summary>
    /// Ties the timer to <paramref name="map"/>, the map whose value holds it, and to <paramref name="clock"/>
    /// (bpf_timer_init): 0, -EBUSY when it was initialized before, -EINVAL for another clock, -EPERM when no user space
    /// holds the map.
    /// </summary>
    [BpfIntrinsic("timer.init", Helper = BpfHelper.TimerInit)]
    public int Init(object map, TimerClock clock = TimerClock.Monotonic)
    {
        fixed (BpfTimer* self = &this)
        {
            return ManagedTimers.Init(self, map, (ulong)clock, ref opaque[0]);
        }
    }

    /// <summary>
    /// Names the method the timer calls when it fires (bpf_timer_set_callback): a static method or a static lambda
    /// given here, compiled as a callback subprogram. 0, or -EINVAL when the timer is not initialized.
    /// </summary>
    [BpfIntrinsic("timer.set_callback", Helper = BpfHelper.TimerSetCallback)]
    public int SetCallback<TKey, TValue>(TimerCallback<TKey, TValue> callback)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ManagedTimers.SetCallback(opaque[0], (key, value) =>
        {
            fixed (byte* k = key)
            {
                return callback(in *(TKey*)k, ref *(TValue*)value);
            }
        });
    }

    /// <summary>
    /// Arms the timer to fire <paramref name="nanoseconds"/> from now, or at that time on its clock with
    /// <see cref="TimerStartFlags.Absolute"/> (bpf_timer_start); starting an armed timer moves it. 0, or -EINVAL when
    /// the timer has no callback or the flags are unknown.
    /// </summary>
    [BpfHelper(BpfHelper.TimerStart)]
    public int Start(ulong nanoseconds, TimerStartFlags flags = TimerStartFlags.None) => ManagedTimers.Start(opaque[0], nanoseconds, (ulong)flags);

    /// <summary>
    /// Disarms the timer and forgets its callback (bpf_timer_cancel): 1 when it was armed, 0 when not, -EINVAL when it
    /// is not initialized, -EDEADLK from its own callback.
    /// </summary>
    [BpfHelper(BpfHelper.TimerCancel)]
    public int Cancel() => ManagedTimers.Cancel(opaque[0]);
}
