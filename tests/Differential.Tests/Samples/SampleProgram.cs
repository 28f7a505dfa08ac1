using System.Reflection;
using TraitsBpf.Differential.Tests.Comparison;

namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>
/// A program in Programs/Samples, found by its [Xdp], [Tc] or [CgroupSockAddr] attribute; XDP and TC programs
/// run as managed code over a packet the way the kernel's test run presents it.
/// </summary>
public sealed class SampleProgram
{
    private readonly Func<byte[], bool, RunOutcome> run;

    private SampleProgram(string name, SampleKind kind, MethodInfo method, Func<byte[], bool, RunOutcome> run)
    {
        Name = name;
        Kind = kind;
        Method = method;
        this.run = run;
    }

    /// <summary>The program's name from its attribute: its ELF symbol and the C twin's function name.</summary>
    public string Name { get; }

    /// <summary>XDP, TC or cgroup socket-address.</summary>
    public SampleKind Kind { get; }

    /// <summary>The C# method.</summary>
    public MethodInfo Method { get; }

    /// <summary>The static class that holds the program and its maps.</summary>
    public Type SampleClass => Method.DeclaringType!;

    /// <summary>The program as a delegate of the type the SDK's program arrays hold.</summary>
    public Delegate Delegate => Kind switch
    {
        SampleKind.Xdp => Method.CreateDelegate<Func<XdpContext, XdpAction>>(),
        SampleKind.Tc => Method.CreateDelegate<Func<TcContext, TcAction>>(),
        _ => Method.CreateDelegate<Func<SockAddrContext, SockAddrVerdict>>(),
    };

    /// <summary>The program if <paramref name="method"/> carries [Xdp], [Tc] or [CgroupSockAddr], else null.</summary>
    public static SampleProgram? From(MethodInfo method)
    {
        if (method.GetCustomAttribute<XdpAttribute>() is { } xdp)
        {
            var program = method.CreateDelegate<Func<XdpContext, XdpAction>>();
            return new SampleProgram(xdp.Name, SampleKind.Xdp, method, (packet, storeInMetadata) => RunXdp(program, packet, storeInMetadata));
        }

        if (method.GetCustomAttribute<TcAttribute>() is { } tc)
        {
            var program = method.CreateDelegate<Func<TcContext, TcAction>>();
            return new SampleProgram(tc.Name, SampleKind.Tc, method, (packet, _) => RunTc(program, packet));
        }

        if (method.GetCustomAttribute<CgroupSockAddrAttribute>() is { } sockAddr)
        {
            return new SampleProgram(sockAddr.Name, SampleKind.CgroupSockAddr, method,
                (_, _) => RunOutcome.Failed("a cgroup socket-address program runs over a socket call's address, not over a packet"));
        }

        return null;
    }

    /// <summary>Runs the program as managed code over a copy of <paramref name="packet"/>.</summary>
    public RunOutcome RunManaged(byte[] packet) => run(packet, false);

    /// <summary>
    /// Runs the program as managed code over a copy of <paramref name="packet"/>. With
    /// <paramref name="traitStoreInMetadata"/>, an XDP program's output starts with its trait store
    /// where the meta backend keeps it in the kernel: the metadata area, sealed for the packet and padded with zeros to
    /// <see cref="MetaTraitArea.Room"/> bytes (managed execution keeps it in the headroom, as the
    /// kfuncs do, and leaves the metadata area alone).
    /// </summary>
    public RunOutcome RunManaged(byte[] packet, bool traitStoreInMetadata) => run(packet, traitStoreInMetadata);

    /// <summary>The name of an action this kind of program returns, for reports.</summary>
    public string ActionName(uint action) => Kind switch
    {
        SampleKind.Xdp => Enum.IsDefined((XdpAction)action) ? ((XdpAction)action).ToString() : "?",
        SampleKind.Tc => Enum.IsDefined((TcAction)(int)action) ? ((TcAction)(int)action).ToString() : "?",
        _ => Enum.IsDefined((SockAddrVerdict)(int)action) ? ((SockAddrVerdict)(int)action).ToString() : "?",
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Kind}, {SampleClass.Name}.{Method.Name})";

    // A program (or a context) that throws is a disagreement to report, not a crash of the harness.
    private static RunOutcome RunXdp(Func<XdpContext, XdpAction> program, byte[] packet, bool traitStoreInMetadata)
    {
        try
        {
            using var ctx = XdpContext.ForPacket(packet);
            var action = ManagedExecution.Run(program, ctx);
            if (!traitStoreInMetadata)
            {
                return new RunOutcome((uint)action, [.. ctx.Metadata, .. ctx.Packet]);
            }

            // The meta backend's store owns the metadata area: a program that also uses the area
            // itself, or whose store outgrows it, behaves differently compiled.
            if (ctx.Metadata.Length != 0)
            {
                return RunOutcome.Failed($"managed execution left {ctx.Metadata.Length} bytes of metadata, which the meta backend's trait store owns");
            }

            var store = ctx.TraitStoreBytes;
            return store.Length + MetaTraitSeal.Size <= MetaTraitArea.Room
                ? new RunOutcome((uint)action, [.. MetaTraitArea.Pad(store, ctx.Packet), .. ctx.Packet])
                : RunOutcome.Failed($"managed execution left a {store.Length}-byte trait store, more than the meta backend's {MetaTraitArea.Room} bytes");
        }
        catch (Exception e)
        {
            return RunOutcome.Failed($"managed execution threw {e.GetType().Name}: {e.Message}");
        }
    }

    private static RunOutcome RunTc(Func<TcContext, TcAction> program, byte[] packet)
    {
        try
        {
            using var ctx = TcContext.ForPacket(packet);
            var action = ManagedExecution.Run(program, ctx);
            return new RunOutcome((uint)action, ctx.Packet);
        }
        catch (Exception e)
        {
            return RunOutcome.Failed($"managed execution threw {e.GetType().Name}: {e.Message}");
        }
    }
}
