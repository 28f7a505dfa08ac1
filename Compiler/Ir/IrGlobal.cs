using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Ir;

/// <summary>A global variable: a static field of a program's assembly.</summary>
/// <param name="Name">The field's name, its symbol and BTF variable name.</param>
/// <param name="Type">Its C# type, or null for a string literal (a char array of <paramref name="InitialValue"/>'s length).</param>
/// <param name="Section">.data, .bss or .rodata.</param>
/// <param name="InitialValue">Initial bytes (its size).</param>
internal sealed record IrGlobal(string Name, TypeDesc? Type, GlobalSection Section, byte[] InitialValue)
{
    /// <summary>A trait key variable: a u64 rather than a char array when <see cref="Type"/> is null.</summary>
    public bool IsKey { get; init; }

    /// <summary>From <c>[DataSection("NAME")]</c>: the global lives in <c>.data.NAME</c> or <c>.rodata.NAME</c>; null for the plain section.</summary>
    public string? Subsection { get; init; }

    /// <summary>The section as the object names it: <c>.data</c>, <c>.bss</c>, <c>.rodata</c>, <c>.data.NAME</c>, <c>.rodata.NAME</c>.</summary>
    public string SectionName => Section switch
    {
        GlobalSection.Data => ".data",
        GlobalSection.Bss => ".bss",
        _ => ".rodata",
    } + (Subsection is null ? "" : "." + Subsection);
}
