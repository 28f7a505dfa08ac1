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

    [Fact]
    public void ProbeReadKernelCopiesProcessMemoryAndFaultsOnNullWithTheDestinationZeroed()
    {
        ulong source = 0x1122334455667788;
        ulong destination = ulong.MaxValue;

        Assert.Equal(0, TraceContext.ProbeReadKernel(&destination, 6, &source));
        Assert.Equal(0xFFFF334455667788UL, destination);
        Assert.Equal(-Errno.EFAULT, TraceContext.ProbeReadKernel(&destination, 8, null));
        Assert.Equal(0UL, destination);
    }
}
