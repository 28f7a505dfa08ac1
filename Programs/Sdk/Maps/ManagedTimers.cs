namespace TraitsBpf;

/// <summary>
/// The timers of managed execution, with bpf_timer_*'s rules (kernel/bpf/helpers.c): a timer is a number in its
/// <see cref="BpfTimer"/>'s bytes, naming its map, callback and expiry here. Time passes only when a test says so
/// (<see cref="ManagedExecution.RunTimers"/>): the <see cref="Bpf.KtimeGetNs"/> clock moves on and the timers whose
/// expiry it reached fire, earliest first, each with the key and value of the element that holds it.
/// </summary>
internal static unsafe class ManagedTimers
{
    private const ulong MaxClocks = 16;
    private const ulong KnownStartFlags = (ulong)(TimerStartFlags.Absolute | TimerStartFlags.PinToCpu);
    private static readonly Lock Gate = new();
    private static readonly Dictionary<ulong, ManagedTimer> Timers = [];
    private static ulong lastNumber;

    [ThreadStatic]
    private static ManagedTimer? running;

    public static int Init(BpfTimer* timer, object map, ulong flags, ref ulong number)
    {
        ulong clock = flags & (MaxClocks - 1);
        if (flags >= MaxClocks || clock is not ((ulong)TimerClock.Realtime or (ulong)TimerClock.Monotonic or (ulong)TimerClock.Boottime))
        {
            return -Errno.EINVAL;
        }

        if (map is not IMapElementFinder elements || !elements.TryFindElement((byte*)timer, out _, out _))
        {
            throw new InvalidOperationException("BpfTimer.Init takes the map whose value holds the timer; the verifier refuses any other");
        }

        lock (Gate)
        {
            if (number != 0 && Timers.ContainsKey(number))
            {
                return -Errno.EBUSY;
            }

            number = ++lastNumber;
            Timers[number] = new ManagedTimer(number, (nint)timer, elements);
            return 0;
        }
    }

    public static int SetCallback(ulong number, Func<byte[], nint, long> callback)
    {
        lock (Gate)
        {
            if (!Timers.TryGetValue(number, out var timer))
            {
                return -Errno.EINVAL;
            }

            timer.Callback = callback;
            return 0;
        }
    }

    public static int Start(ulong number, ulong nanoseconds, ulong flags)
    {
        if ((flags & ~KnownStartFlags) != 0)
        {
            return -Errno.EINVAL;
        }

        lock (Gate)
        {
            if (!Timers.TryGetValue(number, out var timer) || timer.Callback is null)
            {
                return -Errno.EINVAL;
            }

            timer.Expiry = (flags & (ulong)TimerStartFlags.Absolute) != 0 ? nanoseconds : Bpf.ManagedNow + nanoseconds;
            return 0;
        }
    }

    public static int Cancel(ulong number)
    {
        lock (Gate)
        {
            if (!Timers.TryGetValue(number, out var timer))
            {
                return -Errno.EINVAL;
            }

            if (running == timer)
            {
                return -Errno.EDEADLK;
            }

            bool armed = timer.Expiry is not null;
            timer.Callback = null;
            timer.Expiry = null;
            return armed ? 1 : 0;
        }
    }

    /// <summary>Moves the clock on by <paramref name="nanoseconds"/> and fires the timers it reaches; returns how many fired.</summary>
    public static int Run(ulong nanoseconds)
    {
        ulong now = Bpf.AdvanceManagedClock(nanoseconds);
        int fired = 0;
        while (Due(now) is { } timer)
        {
            fired++;
            Fire(timer);
        }

        return fired;
    }

    private static ManagedTimer? Due(ulong now)
    {
        lock (Gate)
        {
            var due = Timers.Values.Where(t => t.Expiry <= now).MinBy(t => t.Expiry);
            if (due is not null)
            {
                due.Expiry = null;
            }

            return due;
        }
    }

    private static void Fire(ManagedTimer timer)
    {
        // The element was deleted or replaced (its timer bytes no longer name this timer): the kernel freed the timer with it.
        if (timer.Callback is not { } callback || !timer.Map.TryFindElement((byte*)timer.Address, out var key, out var value)
            || *(ulong*)timer.Address != timer.Number)
        {
            lock (Gate)
            {
                Timers.Remove(timer.Number);
            }

            return;
        }

        running = timer;
        try
        {
            if (callback(key, (nint)value) != 0)
            {
                throw new InvalidOperationException("a timer callback returned a value other than 0, which the verifier refuses");
            }
        }
        finally
        {
            running = null;
        }
    }

    private sealed class ManagedTimer(ulong number, nint address, IMapElementFinder map)
    {
        public ulong Number { get; } = number;

        public nint Address { get; } = address;

        public IMapElementFinder Map { get; } = map;

        public Func<byte[], nint, long>? Callback { get; set; }

        public ulong? Expiry { get; set; }
    }
}
