namespace TraitsBpf.Object.Btf;

/// <summary>A data section (BTF_KIND_DATASEC), e.g. <c>.maps</c>, <c>.rodata</c>, <c>.ksyms</c>.</summary>
public sealed class BtfDatasec(string name, int sizeBytes, IReadOnlyList<BtfDatasecEntry> entries) : BtfType(name)
{
    /// <summary>Section size in bytes (0 for <c>.ksyms</c>).</summary>
    public int SizeBytes { get; } = sizeBytes;

    /// <summary>The variables in offset order.</summary>
    public IReadOnlyList<BtfDatasecEntry> Entries { get; } = entries;
}
