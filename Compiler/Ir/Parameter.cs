namespace TraitsBpf.Compiler.Ir;

/// <summary>A function parameter (r1–r5 on entry).</summary>
internal sealed class Parameter(int index, IrType type, ValueKind kind, string name) : Value(type, kind)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public override string ToString() => $"%{Name}";
}
