namespace TraitsBpf.Loader.Tests.CSharp;

/// <summary>Programs whose kfunc calls decide how traitsbpf loads them: bound to a device, or not at all.</summary>
public static class KfuncCallers
{
    [Kfunc]
    private static extern int bpf_traitsbpf_no_such_kfunc(XdpContext ctx);

    // The kernel's bpf_dynptr_slice returns void *; a byte* is a pointer to an integer, which libbpf refuses.
    [Kfunc("bpf_dynptr_slice")]
    private static extern unsafe byte* SliceAsBytes(in Dynptr ptr, uint offset, void* buffer, uint bufferSize);

    /// <summary>Reads the receive hash, so it must be bound to the device it attaches to.</summary>
    [Xdp("rx_hash_reader")]
    public static XdpAction ReadsTheHash(XdpContext ctx)
    {
        int result = ctx.RxHash(out uint hash, out _); // kfunc: metadata
        return result == 0 && hash == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>Declares bpf_dynptr_slice with a result the kernel's prototype does not have.</summary>
    [Xdp("mismatched_kfunc")]
    public static unsafe XdpAction CallsAMismatchedKfunc(XdpContext ctx)
    {
        ctx.PacketDynptr(out var packet);
        ulong copy;
        byte* first = SliceAsBytes(packet, 0, &copy, 8); // kfunc: mismatched
        return first != null && *first == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>Calls the SDK's dynptr kfuncs, whose declarations must pass traitsbpf's prototype check.</summary>
    [Xdp("sdk_kfuncs")]
    public static unsafe XdpAction CallsTheSdksKfuncs(XdpContext ctx)
    {
        if (ctx.PacketDynptr(out var packet) != 0 || packet.IsReadOnly)
        {
            return XdpAction.Aborted;
        }

        // SliceWritable is left out: this host's 6.18 kernel refuses bpf_dynptr_slice_rdwr ("is not allowed"), clang's objects too.
        ulong copy;
        byte* first = (byte*)packet.Slice(0, &copy, 8);
        return first != null && packet.Size >= 8 ? XdpAction.Pass : XdpAction.Drop;
    }

    /// <summary>Calls a kfunc no kernel has.</summary>
    [Xdp("missing_kfunc")]
    public static XdpAction CallsAMissingKfunc(XdpContext ctx) =>
        bpf_traitsbpf_no_such_kfunc(ctx) == 0 ? XdpAction.Pass : XdpAction.Drop; // kfunc: missing
}
