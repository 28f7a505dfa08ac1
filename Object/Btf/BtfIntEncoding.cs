namespace TraitsBpf.Object.Btf;

/// <summary>How a <see cref="BtfInt"/> is interpreted (BTF_INT_ENCODING).</summary>
[Flags]
public enum BtfIntEncoding
{
    /// <summary>Unsigned.</summary>
    None = 0,
    /// <summary>BTF_INT_SIGNED.</summary>
    Signed = 1,
    /// <summary>BTF_INT_CHAR.</summary>
    Char = 2,
    /// <summary>BTF_INT_BOOL.</summary>
    Bool = 4,
}
