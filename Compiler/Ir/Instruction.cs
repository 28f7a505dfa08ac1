using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Ir;

/// <summary>An IR instruction: an operation over SSA values in a basic block.</summary>
internal abstract class Instruction : Value
{
    private readonly List<Value> operands;

    protected Instruction(IrType type, ValueKind kind, params Value[] operands)
        : base(type, kind)
    {
        this.operands = [.. operands];
    }

    public BasicBlock Block { get; set; } = null!;

    public IReadOnlyList<Value> Operands => operands;

    /// <summary>The C# source this instruction came from.</summary>
    public SourceLocation? Location { get; set; }

    /// <summary>False for stores, branches and calls of void functions.</summary>
    public virtual bool HasResult => true;

    /// <summary>True when removing an unused instance would change behaviour (stores, calls, terminators).</summary>
    public virtual bool HasSideEffects => false;

    public bool IsTerminator => this is Terminator;

    public void SetOperand(int index, Value value) => operands[index] = value;

    protected void AddOperand(Value value) => operands.Add(value);

    protected void RemoveOperandAt(int index) => operands.RemoveAt(index);

    /// <summary>The operation without its result, e.g. <c>add %3, 4</c>.</summary>
    protected abstract string Describe();

    public override string ToString() => HasResult ? $"%{Id}:{Type.ToString().ToLowerInvariant()} = {Describe()}" : Describe();

    protected static string Name(Value v) => v is Instruction i ? $"%{i.Id}" : v.ToString()!;
}
