namespace TraitsBpf.Compiler.Il;

/// <summary>A run of IL instructions [<see cref="Start"/>, <see cref="End"/>) entered only at its first.</summary>
internal sealed class IlBlock(int index, int start, int end)
{
    public int Index { get; } = index;

    public int Start { get; } = start;

    public int End { get; } = end;

    public List<IlBlock> Successors { get; } = [];

    public List<IlBlock> Predecessors { get; } = [];

    public override string ToString() => $"IL block {Index} [{Start}, {End})";
}
