namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A basic block: phis first, then ordinary instructions, then one terminator. Predecessors
/// are kept explicitly because phi operands are ordered by them.
/// </summary>
internal sealed class BasicBlock(int id)
{
    public int Id { get; set; } = id;

    public List<Instruction> Instructions { get; } = [];

    public List<BasicBlock> Predecessors { get; } = [];

    public Terminator? Terminator => Instructions.Count > 0 ? Instructions[^1] as Terminator : null;

    public IReadOnlyList<BasicBlock> Successors => Terminator?.Successors ?? [];

    public IEnumerable<PhiInstruction> Phis => Instructions.TakeWhile(i => i is PhiInstruction).Cast<PhiInstruction>();

    /// <summary>Appends <paramref name="instruction"/> (phis go after the existing phis).</summary>
    public T Add<T>(T instruction)
        where T : Instruction
    {
        instruction.Block = this;
        if (instruction is PhiInstruction)
        {
            Instructions.Insert(Phis.Count(), instruction);
        }
        else
        {
            Instructions.Add(instruction);
        }

        return instruction;
    }

    /// <summary>Inserts before the terminator.</summary>
    public T InsertBeforeTerminator<T>(T instruction)
        where T : Instruction
    {
        instruction.Block = this;
        Instructions.Insert(Terminator is null ? Instructions.Count : Instructions.Count - 1, instruction);
        return instruction;
    }

    public override string ToString() => $"B{Id}";
}
