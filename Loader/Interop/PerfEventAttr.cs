using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// <c>struct perf_event_attr</c> up to <c>config2</c> (PERF_ATTR_SIZE_VER1, 72 bytes): enough for a kprobe
/// event, whose function name goes in <c>config1</c> and offset in <c>config2</c>. The kernel accepts a
/// shorter struct than its own and reads the rest as zeros.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PerfEventAttr
{
    public uint type;
    public uint size;
    public ulong config;
    public ulong sample_period;
    public ulong sample_type;
    public ulong read_format;
    // The bit fields (disabled, inherit, ...): all 0 for a kprobe event, and not addressable from C, so not public.
#pragma warning disable CS0169 // It holds the bit fields' place in the layout; nothing sets them.
    private readonly ulong _flags;
#pragma warning restore CS0169
    public uint wakeup_events;
    public uint bp_type;
    public ulong config1;
    public ulong config2;
}
