using TraitsBpf.Programs.Tests.Infrastructure;

namespace TraitsBpf.Programs.Tests.Samples;

/// <summary>
/// Runs a sample both ways, compiled in the kernel and as managed .NET code over the SDK's
/// contexts, requires that the two agree on the action and every output byte, and returns
/// what they did.
/// </summary>
public static class SampleRunner
{
    public static SampleRun Xdp(CompiledAssembly programs, string name, Func<XdpContext, XdpAction> managed, byte[] packet)
    {
        var kernel = programs.Program(name).TestRun(packet);
        using var ctx = XdpContext.ForPacket(packet);
        var action = ManagedExecution.Run(managed, ctx);
        byte[] managedOutput = [.. ctx.Metadata, .. ctx.Packet];
        Assert.Equal(kernel.ReturnValue, (uint)action);
        Assert.Equal(Convert.ToHexString(kernel.DataOut), Convert.ToHexString(managedOutput));
        return new SampleRun(kernel.ReturnValue, kernel.DataOut);
    }

    /// <summary>
    /// Runs <paramref name="count"/> random packets of <paramref name="minLength"/> to
    /// <paramref name="maxLength"/> bytes both ways (see <see cref="Xdp"/>) and returns the actions taken.
    /// </summary>
    public static HashSet<uint> XdpOnRandomPackets(CompiledAssembly programs, string name, Func<XdpContext, XdpAction> managed, int seed, int count, int minLength, int maxLength, Action<Random, byte[]>? shape = null)
    {
        var random = new Random(seed);
        var actions = new HashSet<uint>();
        for (int n = 0; n < count; n++)
        {
            var packet = new byte[random.Next(minLength, maxLength)];
            random.NextBytes(packet);
            shape?.Invoke(random, packet);
            actions.Add(Xdp(programs, name, managed, packet).Action);
        }

        return actions;
    }

    public static SampleRun Tc(CompiledAssembly programs, string name, Func<TcContext, TcAction> managed, byte[] packet)
    {
        var kernel = programs.Program(name).TestRun(packet);
        using var ctx = TcContext.ForPacket(packet);
        var action = ManagedExecution.Run(managed, ctx);
        Assert.Equal(kernel.ReturnValue, (uint)action);
        Assert.Equal(Convert.ToHexString(kernel.DataOut), Convert.ToHexString(ctx.Packet));
        return new SampleRun(kernel.ReturnValue, kernel.DataOut);
    }
}
