namespace TraitsBpf;

/// <summary>
/// Runs programs as ordinary .NET code the way the kernel would: a tail call ends the caller and
/// its target's result is the result, and a classic packet load past the packet ends the program returning 0.
/// </summary>
public static class ManagedExecution
{
    /// <summary>Runs an XDP program over <paramref name="ctx"/>.</summary>
    public static XdpAction Run(Func<XdpContext, XdpAction> program, XdpContext ctx)
    {
        try
        {
            return program(ctx);
        }
        catch (TailCallException jump)
        {
            return (XdpAction)jump.Result;
        }
    }

    /// <summary>Runs a TC program over <paramref name="ctx"/>; a classic load past the packet ends it returning 0, as in the kernel.</summary>
    public static TcAction Run(Func<TcContext, TcAction> program, TcContext ctx)
    {
        try
        {
            return program(ctx);
        }
        catch (TailCallException jump)
        {
            return (TcAction)jump.Result;
        }
        catch (PacketLoadExitException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Runs a socket filter over <paramref name="ctx"/>: the bytes of the packet to keep, 0 to drop; a classic
    /// load past the packet ends it returning 0, as in the kernel.
    /// </summary>
    public static uint Run(Func<SocketContext, uint> program, SocketContext ctx)
    {
        try
        {
            return program(ctx);
        }
        catch (TailCallException jump)
        {
            return (uint)jump.Result;
        }
        catch (PacketLoadExitException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Runs a cgroup socket-address program over <paramref name="ctx"/>; the address the program rewrote is
    /// then in <paramref name="ctx"/>, as the kernel would use it.
    /// </summary>
    public static SockAddrVerdict Run(Func<SockAddrContext, SockAddrVerdict> program, SockAddrContext ctx)
    {
        try
        {
            return program(ctx);
        }
        catch (TailCallException jump)
        {
            return (SockAddrVerdict)jump.Result;
        }
    }
}
