using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Counters a lock guards: the packets and bytes of one key, updated together.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct LockedTally
{
    /// <summary>Taken around every update of the two counts.</summary>
    public BpfSpinLock Guard;

    /// <summary>Packets counted.</summary>
    public ulong Packets;

    /// <summary>Their bytes.</summary>
    public ulong Bytes;
}

/// <summary>A hash map and an array map whose values hold a <see cref="BpfSpinLock"/>, updated under it.</summary>
public static unsafe class SpinLockPrograms
{
    /// <summary>Per key (the packet's first byte, masked to 0–3): packets and bytes.</summary>
    public static readonly HashMap<uint, LockedTally> TalliesByKey = new(8);

    /// <summary>All packets: one value.</summary>
    public static readonly ArrayMap<LockedTally> Total = new(1);

    /// <summary>
    /// Counts the packet under its key in <see cref="TalliesByKey"/> (adding the key first) and in <see cref="Total"/>,
    /// each under the value's lock; writes the key's packet count so far into the packet's bytes 8–15.
    /// </summary>
    [Xdp("h_spin_lock")]
    public static XdpAction Count(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint key = data[0] & 3u;
        ulong length = (ulong)(ctx.DataEnd - data);
        LockedTally* tally = TalliesByKey.Lookup(key);
        if (tally == null)
        {
            TalliesByKey.Update(key, default, MapUpdate.NoExist);
            tally = TalliesByKey.Lookup(key);
            if (tally == null)
            {
                return XdpAction.Aborted;
            }
        }

        tally->Guard.Lock();
        ulong packets = ++tally->Packets;
        tally->Bytes += length;
        tally->Guard.Unlock();
        *(ulong*)(data + 8) = packets;

        LockedTally* total = Total.Lookup(0);
        if (total == null)
        {
            return XdpAction.Aborted;
        }

        total->Guard.Lock();
        total->Packets++;
        total->Bytes += length;
        total->Guard.Unlock();
        return XdpAction.Pass;
    }
}
