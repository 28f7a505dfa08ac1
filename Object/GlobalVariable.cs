using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object;

/// <summary>A global variable in <c>.data</c>, <c>.bss</c> or <c>.rodata</c>, or in a named <c>.data.NAME</c> or <c>.rodata.NAME</c> section.</summary>
/// <param name="Name">Symbol and BTF VAR name.</param>
/// <param name="Section">The section it lives in.</param>
/// <param name="Type">Its BTF type, written as given; C declares .rodata variables <c>const volatile</c> so that the verifier and skeletons treat them as load-time constants.</param>
/// <param name="InitialValue">Its initial bytes; length is its size (all zero for .bss).</param>
/// <param name="Alignment">Alignment in bytes (1, 2, 4 or 8).</param>
/// <param name="Subsection">
/// For a variable in a section of its own name, as C's <c>SEC(".data.NAME")</c>: <c>NAME</c>, which makes the section
/// <c>.data.NAME</c> (or <c>.rodata.NAME</c>) with its own DATASEC, and libbpf gives it its own map; null for the plain section.
/// </param>
public sealed record GlobalVariable(string Name, DataSectionKind Section, BtfType Type, byte[] InitialValue, int Alignment, string? Subsection = null)
{
    /// <summary>The ELF section and DATASEC the variable lives in: <c>.data</c>, <c>.rodata.NAME</c>, ...</summary>
    public string SectionName => Section switch
    {
        DataSectionKind.Data => ".data",
        DataSectionKind.Rodata => ".rodata",
        DataSectionKind.Bss => ".bss",
        _ => throw new InvalidObjectModelException($"Global variable '{Name}' has an unknown section kind {Section}."),
    } + (Subsection is null ? "" : "." + Subsection);
}
