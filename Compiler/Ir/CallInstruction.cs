namespace TraitsBpf.Compiler.Ir;

/// <summary>A BPF-to-BPF call of another function in the module (a subprogram).</summary>
internal sealed class CallInstruction : Instruction
{
    public CallInstruction(IrFunction callee, IReadOnlyList<Value> arguments)
        : base(callee.ReturnType ?? IrType.I64, callee.ReturnKind, [.. arguments])
    {
        Callee = callee;
    }

    public IrFunction Callee { get; }

    public override bool HasResult => Callee.ReturnType is not null;

    public override bool HasSideEffects => true;

    protected override string Describe() => $"call {Callee.Name}({string.Join(", ", Operands.Select(Name))})";
}
