namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Kfunc declarations the compiler must refuse at the call: what C cannot pass in r1–r5, or two prototypes for one kfunc.</summary>
public static unsafe partial class RejectedPrograms
{
    [Kfunc("bpf_dynptr_size")]
    private static extern uint DynptrSizeByValue(Dynptr ptr);

    [Kfunc("bpf_dynptr_size")]
    private static extern uint DynptrSizeByPointer(Dynptr* ptr);

    [Kfunc("bpf_dynptr_size")]
    private static extern uint DynptrSizeAsLong(long ptr);

    [Kfunc]
    private static extern int bpf_six_arguments(int a, int b, int c, int d, int e, int f);

    [Kfunc]
    private static extern Dynptr bpf_returns_struct(XdpContext ctx);

    [Xdp("bad_kfunc_struct")]
    public static XdpAction PassStructByValue(XdpContext ctx)
    {
        var ptr = default(Dynptr);
        return DynptrSizeByValue(ptr) == 0 ? XdpAction.Drop : XdpAction.Pass; // rejected: kfunc struct
    }

    [Xdp("bad_kfunc_arity")]
    public static XdpAction PassSixArguments(XdpContext ctx) =>
        bpf_six_arguments(1, 2, 3, 4, 5, 6) == 0 ? XdpAction.Drop : XdpAction.Pass; // rejected: kfunc arity

    [Xdp("bad_kfunc_result")]
    public static XdpAction ReturnStruct(XdpContext ctx)
    {
        bpf_returns_struct(ctx); // rejected: kfunc result
        return XdpAction.Pass;
    }

    [Xdp("bad_kfunc_prototypes")]
    public static XdpAction TwoPrototypes(XdpContext ctx)
    {
        var ptr = default(Dynptr);
        uint first = DynptrSizeByPointer(&ptr);
        uint second = DynptrSizeAsLong(0); // rejected: kfunc prototypes
        return first + second == 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}
