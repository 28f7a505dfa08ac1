namespace TraitsBpf.Compiler.Ir.Ssa;

/// <summary>
/// Something the IL reads and writes by name that becomes SSA values: an argument, a local,
/// an evaluation-stack position live across blocks, or an inlined method's return value.
/// </summary>
internal sealed class SsaVariable(string name, IrType? type, ValueKind kind)
{
    public string Name { get; } = name;

    /// <summary>Null until the first write for stack positions, whose type the IL implies.</summary>
    public IrType? Type { get; set; } = type;

    public ValueKind Kind { get; set; } = kind;

    public override string ToString() => Name;
}
