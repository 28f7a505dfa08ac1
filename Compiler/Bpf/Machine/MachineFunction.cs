using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Machine;

/// <summary>A function in machine instructions: blocks in layout order (the first is the entry) and its stack slots.</summary>
internal sealed class MachineFunction(string name)
{
    private int nextVirtual = Reg.FirstVirtual;
    private int nextBlock;

    public string Name { get; } = name;

    public List<MachineBlock> Blocks { get; } = [];

    public List<StackSlot> Slots { get; } = [];

    public SourceLocation? Location { get; init; }

    public string SourceMethod { get; init; } = "";

    /// <summary>Bytes of stack the function uses, once the frame is laid out.</summary>
    public int FrameSize { get; set; }

    /// <summary>The frame's items, largest first, once the frame is laid out.</summary>
    public IReadOnlyList<FrameItem> FrameItems { get; set; } = [];

    public int VirtualCount => nextVirtual - Reg.FirstVirtual;

    public Reg NewVirtual() => new(nextVirtual++);

    public MachineBlock NewBlock()
    {
        var block = new MachineBlock(nextBlock++);
        Blocks.Add(block);
        return block;
    }

    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        text.Append($"{Name}:\n");
        foreach (var block in Blocks)
        {
            text.Append($"M{block.Id}:\n");
            foreach (var instruction in block.Instructions)
            {
                text.Append("  ").Append(instruction).Append('\n');
            }
        }

        return text.ToString();
    }
}
