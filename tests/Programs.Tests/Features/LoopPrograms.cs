namespace TraitsBpf.Programs.Tests.Features;

/// <summary>The state a <see cref="LoopPrograms"/> loop carries.</summary>
public struct LoopState
{
    public ulong Sum;
    public uint Limit;
    public uint Visited;
}

/// <summary>
/// <c>Bpf.Loop</c> (bpf_loop) with a static lambda and with a static method as its callback, over bounds the
/// packet decides: the loop stops early, runs to its count, or is refused by the kernel (-E2BIG).
/// </summary>
public static unsafe class LoopPrograms
{
    /// <summary>
    /// Sums the indexes until one reaches the packet's first byte; writes the iterations run, the sum and the
    /// callbacks made over the packet's first 16 bytes.
    /// </summary>
    [Xdp("loop_lambda")]
    public static XdpAction Lambda(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        var state = new LoopState { Limit = data[0] };
        uint count = data[1];
        int iterations = Bpf.Loop(count, static (uint index, ref LoopState s) =>
        {
            s.Sum += index;
            s.Visited++;
            return index >= s.Limit ? 1 : 0;
        }, ref state);
        Report(data, iterations, state);
        return XdpAction.Pass;
    }

    /// <summary>The same with a static method, and a count from the packet's 32-bit word 1 that may exceed <see cref="Bpf.MaxLoops"/>.</summary>
    [Xdp("loop_method")]
    public static XdpAction Method(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        var state = new LoopState { Limit = *(ushort*)(data + 2) };
        uint count = *(uint*)(data + 4) & 0x00FF_FFFF;
        int iterations = Bpf.Loop(count, Step, ref state);
        Report(data, iterations, state);
        return iterations < 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    private static long Step(uint index, ref LoopState state)
    {
        state.Sum += (ulong)index * index;
        state.Visited++;
        return index >= state.Limit ? 1 : 0;
    }

    private static void Report(byte* data, int iterations, LoopState state)
    {
        *(int*)data = iterations;
        *(ulong*)(data + 4) = state.Sum;
        *(uint*)(data + 12) = state.Visited;
    }
}
