namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>A socket filter that writes traits, which no backend allows, refused at the line of the write.</summary>
public static unsafe partial class RejectedPrograms
{
    [SocketFilter("bad_socket_trait_set")]
    public static uint SocketFilterSetsATrait(SocketContext ctx)
    {
        ctx.Traits.Set(3, 7UL); // rejected: socket trait set
        return ctx.Length;
    }
}
