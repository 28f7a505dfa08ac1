namespace TraitsBpf.Compiler.Ir;

/// <summary>An SSA value: a constant, a function parameter or an instruction's result.</summary>
internal abstract class Value
{
    protected Value(IrType type, ValueKind kind)
    {
        Type = type;
        Kind = kind;
    }

    /// <summary>Unique within the function; assigned by <see cref="IrFunction.NewId"/> for printing.</summary>
    public int Id { get; set; }

    public IrType Type { get; set; }

    public ValueKind Kind { get; set; }

    public bool IsPointer => Kind != ValueKind.Scalar;
}
