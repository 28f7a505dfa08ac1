namespace TraitsBpf.Object.Btf;

/// <summary>
/// A struct (BTF_KIND_STRUCT) or union (BTF_KIND_UNION). Members may be filled in after
/// construction so that self-referencing types can be built.
/// </summary>
public sealed class BtfStruct(string name, int sizeBytes, bool isUnion = false) : BtfType(name)
{
    /// <summary>Size in bytes.</summary>
    public int SizeBytes { get; } = sizeBytes;

    /// <summary>True for a union.</summary>
    public bool IsUnion { get; } = isUnion;

    /// <summary>Members in declaration order.</summary>
    public List<BtfMember> Members { get; } = [];
}
