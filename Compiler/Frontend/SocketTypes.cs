using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>The SDK structs that view a socket through a pointer a socket helper returned.</summary>
internal static class SocketTypes
{
    private static readonly HashSet<string> Views = new(StringComparer.Ordinal) { "TraitsBpf.BpfSocket", "TraitsBpf.BpfSocketCommon", "TraitsBpf.TcpSocket" };

    /// <summary>Whether a pointer to <paramref name="type"/> is a socket pointer (<see cref="Ir.ValueKind.Socket"/>).</summary>
    public static bool IsSocketView(TypeDesc? type) => type is not null && Views.Contains(type.FullName);
}
