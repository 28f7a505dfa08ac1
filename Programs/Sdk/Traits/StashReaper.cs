namespace TraitsBpf.CompilerServices;

/// <summary>
/// The stash backend's reaper: tracing programs on the kernel's sk_buff free paths that delete the
/// freed sk_buff's entry from the host's stash, so that the stash holds only live packets and a
/// later sk_buff at the same address starts without traits. traitsbpf compiles them from this
/// assembly and attaches them once per host, when a stash program is first loaded.
/// </summary>
/// <remarks>
/// Hooked: <c>consume_skb</c> (a packet delivered or done with, including napi_consume_skb and the
/// deferred frees that end there) and <c>kfree_skb</c> (a drop, with its reason). Not hooked: frees
/// that bypass both tracepoints (<c>__kfree_skb</c>, <c>kfree_skb_partial</c>, the NAPI cache's
/// stolen heads), whose entries stay until their address is used again (docs/traits.md).
/// </remarks>
internal static unsafe class StashReaper
{
    [TpBtf("consume_skb", Name = Abi.TraitStashFormat.ReaperConsumeProgram)]
    public static int OnConsume(TraceContext ctx, SkBuff* skb)
    {
        StashTraitsBackend.Forget(skb);
        return 0;
    }

    [TpBtf("kfree_skb", Name = Abi.TraitStashFormat.ReaperDropProgram)]
    public static int OnDrop(TraceContext ctx, SkBuff* skb)
    {
        StashTraitsBackend.Forget(skb);
        return 0;
    }
}
