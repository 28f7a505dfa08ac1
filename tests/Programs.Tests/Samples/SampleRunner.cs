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
