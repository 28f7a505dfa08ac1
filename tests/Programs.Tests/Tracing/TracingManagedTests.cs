using TraitsBpf.TestSupport.Tracing;

namespace TraitsBpf.Programs.Tests.Tracing;

/// <summary>A tracing program is an ordinary method as managed code: called with a context and fake kernel structs, it counts as in the kernel.</summary>
public sealed unsafe class TracingManagedTests
{
    [Fact]
    public void ATracingProgramCountsAFakeSkbAndSkipsOneWithoutADevice()
    {
        var device = new NetDevice { Ifindex = 7, Mtu = 1500 };
        var skb = new SkBuff { Dev = &device, Len = 1000, Hash = 0x1234 };
        var before = *SkbTracer.Tallies.Lookup(SkbTracer.TracepointSlot);

        Assert.Equal(0, SkbTracer.OnConsume(new TraceContext(), &skb, null));
        skb.Dev = null;
        Assert.Equal(0, SkbTracer.OnConsume(new TraceContext(), &skb, null));

        var after = *SkbTracer.Tallies.Lookup(SkbTracer.TracepointSlot);
        Assert.Equal(before.Packets + 1, after.Packets);
        Assert.Equal(before.Bytes + 1000, after.Bytes);
        Assert.Equal(before.HashSum + 0x1234, after.HashSum);
    }
}
