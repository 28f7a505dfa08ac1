namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>A TC program that reads the kernel's sk_buff behind its context (bpf_cast_to_kern_ctx and CO-RE field reads).</summary>
public static unsafe class KernelSkBuffPrograms
{
    /// <summary>Writes skb->len and skb->protocol over the packet's first 6 bytes.</summary>
    [Tc("kernel_skb")]
    public static TcAction Run(TcContext ctx)
    {
        SkBuff* skb = ctx.KernelSkBuff;
        uint length = skb->Len;
        ushort protocol = skb->Protocol;
        byte* data = ctx.Data;
        if (data + 6 > ctx.DataEnd)
        {
            return TcAction.Shot;
        }

        *(uint*)data = length;
        *(ushort*)(data + 4) = protocol;
        return TcAction.Ok;
    }
}
