namespace TraitsBpf.Compiler.Ir;

/// <summary>A call of a kernel function (kfunc) by name, resolved by libbpf against the kernel's BTF at load.</summary>
internal sealed class KfuncCallInstruction(string name, IReadOnlyList<Value> arguments)
    : Instruction(IrType.I64, ValueKind.Scalar, [.. arguments])
{
    public string Function { get; } = name;

    public override bool HasSideEffects => true;

    protected override string Describe() => $"call kfunc {Function}({string.Join(", ", Operands.Select(Name))})";
}
