using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// One BPF function in SSA form: a program's entry point or a subprogram. Block 0 is the entry.
/// </summary>
internal sealed class IrFunction(string name)
{
    private int nextBlockId;
    private int nextValueId;

    /// <summary>The BPF symbol name.</summary>
    public string Name { get; } = name;

    public List<Parameter> Parameters { get; } = [];

    /// <summary>Null for functions that return nothing.</summary>
    public IrType? ReturnType { get; set; }

    public ValueKind ReturnKind { get; set; } = ValueKind.Scalar;

    public List<BasicBlock> Blocks { get; } = [];

    public List<StackSlot> Slots { get; } = [];

    public BasicBlock Entry => Blocks[0];

    /// <summary>Where the C# method is, for func_info and messages.</summary>
    public SourceLocation? Location { get; set; }

    /// <summary>Parameter descriptions for BTF, in order.</summary>
    public List<ScalarSignature> ParameterSignatures { get; } = [];

    /// <summary>Return description for BTF; null for void.</summary>
    public ScalarSignature? ReturnSignature { get; set; }

    /// <summary>True for a program's entry point, false for a subprogram.</summary>
    public bool IsProgram { get; set; }

    /// <summary>The C# method's name, for messages when there is no PDB.</summary>
    public string SourceMethod { get; set; } = "";

    public BasicBlock NewBlock()
    {
        var block = new BasicBlock(nextBlockId++);
        Blocks.Add(block);
        return block;
    }

    public StackSlot NewSlot(int size, int alignment, string name)
    {
        var slot = new StackSlot(size, alignment, name);
        Slots.Add(slot);
        return slot;
    }

    public int NewId() => nextValueId++;

    public IEnumerable<Instruction> AllInstructions => Blocks.SelectMany(b => b.Instructions);

    /// <summary>Replaces every use of <paramref name="old"/> by <paramref name="replacement"/>.</summary>
    public void ReplaceAllUses(Value old, Value replacement)
    {
        foreach (var instruction in AllInstructions)
        {
            for (int i = 0; i < instruction.Operands.Count; i++)
            {
                if (instruction.Operands[i] == old)
                {
                    instruction.SetOperand(i, replacement);
                }
            }
        }
    }

    /// <summary>Renumbers blocks and values in layout order, for stable printing.</summary>
    public void Renumber()
    {
        int b = 0;
        int v = 0;
        foreach (var block in Blocks)
        {
            block.Id = b++;
            foreach (var instruction in block.Instructions)
            {
                instruction.Id = v++;
            }
        }

        nextBlockId = b;
        nextValueId = v;
    }

    /// <summary>The function as text (renumbered first), as the IR golden tests compare it.</summary>
    public override string ToString()
    {
        Renumber();
        var text = new System.Text.StringBuilder();
        text.Append($"function {Name}({string.Join(", ", Parameters)})\n");
        foreach (var block in Blocks)
        {
            text.Append($"B{block.Id}:");
            if (block.Predecessors.Count > 0)
            {
                text.Append($" ; preds {string.Join(" ", block.Predecessors.Select(p => $"B{p.Id}"))}");
            }

            text.Append('\n');
            foreach (var instruction in block.Instructions)
            {
                text.Append("  ").Append(instruction).Append('\n');
            }
        }

        return text.ToString();
    }
}
