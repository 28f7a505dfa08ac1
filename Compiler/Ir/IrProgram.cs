namespace TraitsBpf.Compiler.Ir;

/// <summary>A program's functions: its entry point and the subprograms it calls, directly or not.</summary>
internal sealed class IrProgram(string name, Il.ProgramKind kind, string sectionName, IrFunction entry)
{
    public string Name { get; } = name;

    public Il.ProgramKind Kind { get; } = kind;

    public string SectionName { get; } = sectionName;

    public IrFunction Entry { get; } = entry;

    public List<IrFunction> Subprograms { get; } = [];

    public IEnumerable<IrFunction> Functions => Subprograms.Prepend(Entry);
}
