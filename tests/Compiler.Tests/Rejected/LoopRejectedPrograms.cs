namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>bpf_loop uses the compiler must refuse: state that is not on the stack, a callback that is not known at the call.</summary>
public static unsafe partial class RejectedPrograms
{
    private static readonly ArrayMap<ulong> LoopTotals = new(1);

    [Xdp("bad_loop_state")]
    public static XdpAction LoopOverMapState(XdpContext ctx)
    {
        ulong* total = LoopTotals.Lookup(0);
        if (total == null)
        {
            return XdpAction.Pass;
        }

        TraitsBpf.Bpf.Loop(4, static (uint index, ref ulong sum) => { sum += index; return 0; }, ref *total); // rejected: loop state
        return XdpAction.Pass;
    }

    [Xdp("bad_loop_callback")]
    public static XdpAction LoopWithChosenCallback(XdpContext ctx)
    {
        ulong sum = 0;
        LoopCallback<ulong> callback = ctx.RxQueueIndex == 0 ? AddIndex : AddOne; // rejected: loop callback
        TraitsBpf.Bpf.Loop(4, callback, ref sum);
        return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    private static long AddIndex(uint index, ref ulong sum)
    {
        sum += index;
        return 0;
    }

    private static long AddOne(uint index, ref ulong sum)
    {
        sum++;
        return 0;
    }
}
