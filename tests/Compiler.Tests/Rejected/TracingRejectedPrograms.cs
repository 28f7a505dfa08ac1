using System.Runtime.CompilerServices;

namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Tracing programs the compiler must refuse: what they do to kernel memory, or how they are declared.</summary>
public static unsafe partial class RejectedPrograms
{
    [TpBtf("consume_skb", Name = "bad_trace_signature")]
    public static int TraceWithPacketContext(XdpContext ctx) => 0; // rejected: trace signature

    [TpBtf("consume_skb", Name = "bad_trace_argument")]
    public static int TraceWithStructArgument(TraceContext ctx, NetDevice device) => device.Ifindex; // rejected: trace argument

    [TpBtf("consume_skb", Name = "bad_kernel_write")]
    public static int WriteKernelField(TraceContext ctx, SkBuff* skb)
    {
        skb->Mark = 7; // rejected: kernel write
        return 0;
    }

    [TpBtf("consume_skb", Name = "bad_kernel_deref")]
    public static int DereferenceKernelPointer(TraceContext ctx, SkBuff* skb) => (int)*(uint*)skb; // rejected: kernel deref

    [Kprobe("consume_skb", Name = "bad_kernel_subprogram")]
    public static int ReadInSubprogram(TraceContext ctx, SkBuff* skb) => (int)LengthOf(skb);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint LengthOf(SkBuff* skb) => skb->Len; // rejected: kernel subprogram
}
