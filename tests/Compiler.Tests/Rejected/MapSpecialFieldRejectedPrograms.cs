namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>A map value guarded by a lock, for the lock uses the verifier refuses.</summary>
public struct GuardedCount
{
    public BpfSpinLock Guard;
    public ulong Count;
}

/// <summary>A map value with a timer.</summary>
public struct TimedValue
{
    public BpfTimer Timer;
    public ulong Count;
}

/// <summary>BpfSpinLock and BpfTimer uses the compiler must refuse, as the verifier would: each at its line.</summary>
public static unsafe partial class RejectedPrograms
{
    private static readonly ArrayMap<GuardedCount> GuardedCounts = new(2);

    [Xdp("bad_lock_helper")]
    public static XdpAction HelperUnderLock(XdpContext ctx)
    {
        GuardedCount* value = GuardedCounts.Lookup(0);
        if (value == null)
        {
            return XdpAction.Pass;
        }

        value->Guard.Lock();
        value->Count += TraitsBpf.Bpf.KtimeGetNs(); // rejected: helper under lock
        value->Guard.Unlock();
        return XdpAction.Pass;
    }

    [Xdp("bad_lock_twice")]
    public static XdpAction SecondLock(XdpContext ctx)
    {
        GuardedCount* first = GuardedCounts.Lookup(0);
        GuardedCount* second = GuardedCounts.Lookup(1);
        if (first == null || second == null)
        {
            return XdpAction.Pass;
        }

        first->Guard.Lock();
        second->Guard.Lock(); // rejected: second lock
        first->Count++;
        second->Guard.Unlock();
        first->Guard.Unlock();
        return XdpAction.Pass;
    }

    [Xdp("bad_lock_return")]
    public static XdpAction ReturnUnderLock(XdpContext ctx)
    {
        GuardedCount* value = GuardedCounts.Lookup(0);
        if (value == null)
        {
            return XdpAction.Pass;
        }

        value->Guard.Lock(); // rejected: return under lock
        value->Count++;
        if (value->Count > 100)
        {
            return XdpAction.Drop;
        }

        value->Guard.Unlock();
        return XdpAction.Pass;
    }

    [Xdp("bad_lock_stack")]
    public static XdpAction LockOnTheStack(XdpContext ctx)
    {
        var local = default(GuardedCount);
        local.Guard.Lock(); // rejected: lock on the stack
        local.Count++;
        local.Guard.Unlock();
        return local.Count == 1 ? XdpAction.Pass : XdpAction.Drop;
    }

    private static readonly ArrayMap<TimedValue> TimedValues = new(1);

    [Xdp("bad_timer_map")]
    public static XdpAction TimerWithoutItsMap(XdpContext ctx)
    {
        TimedValue* value = TimedValues.Lookup(0);
        if (value == null)
        {
            return XdpAction.Pass;
        }

        return value->Timer.Init(null!) == 0 ? XdpAction.Pass : XdpAction.Drop; // rejected: timer without map
    }

    private static readonly LruHashMap<uint, GuardedCount> RecentGuarded = new(4);

    [Xdp("bad_lock_lru")]
    public static XdpAction LockInAnLruMap(XdpContext ctx)
    {
        GuardedCount* value = RecentGuarded.Lookup(0); // rejected: lock in lru map
        if (value == null)
        {
            return XdpAction.Pass;
        }

        value->Guard.Lock();
        value->Count++;
        value->Guard.Unlock();
        return XdpAction.Pass;
    }

    [Xdp("bad_dynptr_stack")]
    public static XdpAction DynptrOverTheStack(XdpContext ctx)
    {
        ulong local = 7;
        return Dynptr.FromMemory(&local, 8, out _) == 0 ? XdpAction.Pass : XdpAction.Drop; // rejected: dynptr over stack
    }
}
