using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// One btf_type as it will be written: the common 12-byte header and the kind-specific u32
/// words that follow it (members, parameters, enumerators, array or datasec entries).
/// </summary>
internal sealed record EncodedBtfType(BtfKind Kind, int NameOffset, int Vlen, bool KindFlag, uint SizeOrType, uint[] Trailer)
{
    /// <summary>The info word: vlen in bits 0-15, kind in bits 24-28, kind_flag in bit 31.</summary>
    public uint Info => (uint)Vlen | (uint)Kind << 24 | (KindFlag ? 1u << 31 : 0u);

    /// <summary>
    /// The exact bytes as a string, so that two types with the same encoding (which, since
    /// names are interned and children resolved to ids, means the same type) share one id.
    /// </summary>
    public string EncodingKey => $"{NameOffset}:{Info}:{SizeOrType}:{string.Join(',', Trailer)}";
}
