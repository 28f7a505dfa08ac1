namespace TraitsBpf.Object.Btf;

/// <summary>
/// A node of the BTF type graph. Types refer to each other by reference (graphs may be
/// cyclic: a struct can point to itself); ids are assigned only when the graph is
/// serialized, so the same graph can be written into any object.
/// </summary>
public abstract class BtfType
{
    /// <summary>Creates a type with the given name (empty for anonymous types).</summary>
    protected BtfType(string name) => Name = name;

    /// <summary>The type's name, or empty for anonymous types.</summary>
    public string Name { get; }
}
