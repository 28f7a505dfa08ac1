namespace TraitsBpf.Compiler.Bpf.Machine;

/// <summary>A basic block of machine instructions, ending in a Jump, Branch or Exit.</summary>
internal sealed class MachineBlock(int id)
{
    public int Id { get; } = id;

    public List<MachineInstruction> Instructions { get; } = [];

    public IEnumerable<MachineBlock> Successors
    {
        get
        {
            if (Instructions.Count == 0)
            {
                yield break;
            }

            var last = Instructions[^1];
            if (last.IfTrue is not null)
            {
                yield return last.IfTrue;
            }

            if (last.IfFalse is not null && last.IfFalse != last.IfTrue)
            {
                yield return last.IfFalse;
            }
        }
    }

    public override string ToString() => $"M{Id}";
}
