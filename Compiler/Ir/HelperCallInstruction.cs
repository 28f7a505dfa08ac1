namespace TraitsBpf.Compiler.Ir;

/// <summary>A call of kernel helper <see cref="HelperId"/> with up to five arguments; the result is r0.</summary>
internal sealed class HelperCallInstruction : Instruction
{
    public HelperCallInstruction(int helperId, IReadOnlyList<Value> arguments, IrType type, ValueKind kind, bool hasResult)
        : base(type, kind, [.. arguments])
    {
        HelperId = helperId;
        ResultUsed = hasResult;
    }

    public int HelperId { get; }

    /// <summary>Whether the C# code uses the result (void helpers and discarded results do not).</summary>
    public bool ResultUsed { get; }

    public override bool HasResult => ResultUsed;

    public override bool HasSideEffects => true;

    protected override string Describe() => $"call helper#{HelperId}({string.Join(", ", Operands.Select(Name))})";
}
