namespace TraitsBpf.Compiler.Ir;

/// <summary>An integer constant. I32 constants keep their value sign-extended to 64 bits.</summary>
internal sealed class Constant : Value
{
    public Constant(long value, IrType type, ValueKind kind = ValueKind.Scalar)
        : base(type, kind)
    {
        Value = type == IrType.I32 ? (int)value : value;
    }

    public long Value { get; }

    public override string ToString() => Type == IrType.I32 ? $"{Value}" : $"{Value}L";
}
