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
    public ulong flags;
    public uint wakeup_events;
    public uint bp_type;
    public ulong config1;
    public ulong config2;
}
