using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Ir;

/// <summary>A call of kernel helper <see cref="HelperId"/> with up to five arguments; the result is r0.</summary>
internal sealed class HelperCallInstruction : Instruction
{
    public HelperCallInstruction(BpfHelper helperId, IReadOnlyList<Value> arguments, IrType type, ValueKind kind, bool hasResult)
        : base(type, kind, [.. arguments])
    {
        HelperId = helperId;
        ResultUsed = hasResult;
    }

    public BpfHelper HelperId { get; }

    /// <summary>Whether the C# code uses the result (void helpers and discarded results do not).</summary>
    public bool ResultUsed { get; }

    public override bool HasResult => ResultUsed;

    public override bool HasSideEffects => true;

    protected override string Describe() => $"call helper#{(int)HelperId}({string.Join(", ", Operands.Select(Name))})";
}
