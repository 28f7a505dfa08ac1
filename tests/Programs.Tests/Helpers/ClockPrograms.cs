namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Every clock helper, read in one program and written over the packet's first 44 bytes.</summary>
public static unsafe class ClockPrograms
{
    [Xdp("h_clocks")]
    public static XdpAction Clocks(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 44 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        ulong* times = (ulong*)data;
        times[0] = Bpf.KtimeGetNs();
        times[1] = Bpf.KtimeGetBootNs();
        times[2] = Bpf.KtimeGetCoarseNs();
        times[3] = Bpf.KtimeGetTaiNs();
        times[4] = Bpf.Jiffies64();
        *(int*)(data + 40) = Bpf.GetNumaNodeId();
        return XdpAction.Pass;
    }
}
