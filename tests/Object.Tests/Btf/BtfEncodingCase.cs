using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object.Tests.Btf;

/// <summary>Types to add to a fresh builder, and the exact type words and string table BTF must hold afterwards.</summary>
internal sealed record BtfEncodingCase(Func<BtfType[]> Roots, uint[] TypeWords, string Strings);
