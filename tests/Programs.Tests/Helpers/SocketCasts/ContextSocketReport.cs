namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>What <see cref="SocketCastPrograms.ContextSocket"/> sees of the packet's own socket.</summary>
public record struct ContextSocketReport
{
    public uint Casts;
    public uint Family;
    public uint Found;
}
