namespace TraitsBpf.Loader.Btf;

/// <summary>One BTF type record: its common header and where its kind-specific trailer starts in the type section.</summary>
internal readonly record struct BtfTypeRecord(BtfKind Kind, uint NameOffset, int Vlen, bool KindFlag, uint SizeOrType, int TrailerOffset);
