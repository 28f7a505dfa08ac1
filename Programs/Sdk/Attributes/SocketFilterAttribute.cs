namespace TraitsBpf;

/// <summary>
/// Declares a socket filter program. The method must be <c>static</c>, take one
/// <see cref="SocketContext"/> and return the number of bytes of the packet to keep
/// (0 drops it). The object section is <c>socket</c>.
/// </summary>
/// <param name="name">Program name: letters, digits and underscores, at most 15 characters.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SocketFilterAttribute(string name) : Attribute
{
    /// <summary>The program name.</summary>
    public string Name { get; } = name;
}
