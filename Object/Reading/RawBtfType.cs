using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Reading;

/// <summary>A btf_type as stored: its header fields and the u32 words that follow it, with its name resolved.</summary>
internal sealed record RawBtfType(int Id, BtfKind Kind, string Name, int Vlen, bool KindFlag, uint SizeOrType, uint[] Trailer);
