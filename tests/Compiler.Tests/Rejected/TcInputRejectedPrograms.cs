namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Inputs of a managed TC run that a compiled program cannot set: the kernel owns them.</summary>
public static partial class RejectedPrograms
{
    [Tc("bad_packet_type_write")]
    public static TcAction PacketTypeWrite(TcContext ctx)
    {
        ctx.PacketType = 3; // rejected: packet type write
        return TcAction.Ok;
    }
}
