using System.Runtime.InteropServices;

namespace TraitsBpf.CompilerServices;

/// <summary>One event of <c>traitsbpf trace</c>, as the trait tracers write it into the ring buffer (Abi.TraitTraceFormat.RecordOffsets).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct TraitTraceRecord
{
    /// <summary>bpf_ktime_get_ns when the event happened.</summary>
    public ulong Time;

    /// <summary>Abi.TraitTraceEvent.</summary>
    public uint Event;

    /// <summary>The drop reason (enum skb_drop_reason) of a drop, else 0.</summary>
    public uint Reason;

    /// <summary><c>skb->len</c>.</summary>
    public uint Length;

    /// <summary>Abi.TraitTraceSource: where <see cref="Store"/> was read.</summary>
    public uint Source;

    /// <summary>The device's name, NUL-padded.</summary>
    public fixed byte Device[Abi.TraitTraceFormat.DeviceNameSize];

    /// <summary>The device's ifindex, 0 without a device.</summary>
    public ulong Ifindex;

    /// <summary>The sk_buff's head when the record was made.</summary>
    public ulong Generation;

    /// <summary>The store, or the metadata area (seal, then store), with the store code's slack.</summary>
    public fixed byte Store[Abi.TraitTraceFormat.StoreRoom];
}
