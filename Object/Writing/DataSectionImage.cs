using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// The contents of one non-code allocated section (.data, .rodata, .bss, .maps or license) and
/// the variables placed in it.
/// </summary>
internal sealed record DataSectionImage(string Name, byte[] Bytes, int Alignment, ulong Flags, bool IsNoBits, IReadOnlyList<PlacedVariable> Variables, IReadOnlyList<DataRelocation>? Relocations = null)
{
    /// <summary>
    /// The DATASEC describing this section. clang leaves size and offsets 0 for libbpf to fill
    /// in; we write the real values, as the BPF static linker (bpftool gen object) does, and
    /// libbpf keeps them when they are set.
    /// </summary>
    public BtfDatasec ToDatasec() =>
        new(Name, Bytes.Length, [.. Variables.Select(variable => new BtfDatasecEntry(variable.Variable, variable.Offset, variable.Size))]);

    public ElfSection ToElfSection() =>
        new(Name, IsNoBits ? ElfConstants.SectionNoBits : ElfConstants.SectionProgBits, Flags, IsNoBits ? [] : Bytes, Alignment)
        {
            MemorySize = Bytes.Length,
        };
}
