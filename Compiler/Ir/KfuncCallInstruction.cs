namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A call of a kernel function (kfunc) by name, resolved by libbpf against the kernel's BTF at load;
/// its result is a number unless <paramref name="kind"/> says it is a pointer (a kernel struct's).
/// </summary>
internal sealed class KfuncCallInstruction(string name, IReadOnlyList<Value> arguments, ValueKind kind = ValueKind.Scalar)
    : Instruction(IrType.I64, kind, [.. arguments])
{
    public string Function { get; } = name;

    public override bool HasSideEffects => true;

    protected override string Describe() => $"call kfunc {Function}({string.Join(", ", Operands.Select(Name))})";
}
