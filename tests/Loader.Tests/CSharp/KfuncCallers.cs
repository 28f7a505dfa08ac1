namespace TraitsBpf.Loader.Tests.CSharp;

/// <summary>Programs whose kfunc calls decide how traitsbpf loads them: bound to a device, or not at all.</summary>
public static class KfuncCallers
{
    [Kfunc]
    private static extern int bpf_traitsbpf_no_such_kfunc(XdpContext ctx);

    /// <summary>Reads the receive hash, so it must be bound to the device it attaches to.</summary>
    [Xdp("rx_hash_reader")]
    public static XdpAction ReadsTheHash(XdpContext ctx)
    {
        int result = ctx.RxHash(out uint hash, out _); // kfunc: metadata
        return result == 0 && hash == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>Calls a kfunc no kernel has.</summary>
    [Xdp("missing_kfunc")]
    public static XdpAction CallsAMissingKfunc(XdpContext ctx) =>
        bpf_traitsbpf_no_such_kfunc(ctx) == 0 ? XdpAction.Pass : XdpAction.Drop; // kfunc: missing
}
