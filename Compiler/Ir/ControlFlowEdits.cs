namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Edits to the control-flow graph that keep predecessor lists and phi operands in step,
/// shared by the passes that reshape blocks.
/// </summary>
internal static class ControlFlowEdits
{
    /// <summary>Removes the edge <paramref name="from"/> → <paramref name="to"/> from <paramref name="to"/>'s side: its predecessor entry and the phi operands for it.</summary>
    public static void RemovePredecessor(BasicBlock to, BasicBlock from)
    {
        int index = to.Predecessors.IndexOf(from);
        if (index < 0)
        {
            return;
        }

        to.Predecessors.RemoveAt(index);
        foreach (var phi in to.Phis.ToList())
        {
            phi.RemoveIncomingAt(index);
        }
    }

    /// <summary>Adds <paramref name="from"/> as a predecessor of <paramref name="to"/>, giving each phi the incoming value <paramref name="incoming"/> chooses.</summary>
    public static void AddPredecessor(BasicBlock to, BasicBlock from, Func<PhiInstruction, Value> incoming)
    {
        var values = to.Phis.Select(incoming).ToList();
        to.Predecessors.Add(from);
        int i = 0;
        foreach (var phi in to.Phis)
        {
            phi.AddIncoming(values[i++]);
        }
    }

    /// <summary>Replaces a block's terminator, fixing the predecessor lists of old and new successors.</summary>
    public static void ReplaceTerminator(BasicBlock block, Terminator replacement)
    {
        var old = block.Terminator!;
        var oldSuccessors = old.Successors.ToList();
        var newSuccessors = replacement.Successors.ToList();
        foreach (var successor in oldSuccessors.Where(s => !newSuccessors.Contains(s)))
        {
            RemovePredecessor(successor, block);
        }

        replacement.Location = old.Location;
        replacement.Id = old.Id;
        block.Instructions[^1] = replacement;
        replacement.Block = block;
    }

    /// <summary>The value a phi of <paramref name="phi"/>'s block receives from <paramref name="predecessor"/>.</summary>
    public static Value IncomingFrom(PhiInstruction phi, BasicBlock predecessor) =>
        phi.Operands[phi.Block.Predecessors.IndexOf(predecessor)];

    /// <summary>Removes blocks not reachable from the entry; true when any were.</summary>
    public static bool RemoveUnreachable(IrFunction function)
    {
        var reachable = new HashSet<BasicBlock>();
        var work = new Stack<BasicBlock>();
        work.Push(function.Entry);
        while (work.Count > 0)
        {
            var block = work.Pop();
            if (reachable.Add(block))
            {
                foreach (var successor in block.Successors)
                {
                    work.Push(successor);
                }
            }
        }

        var dead = function.Blocks.Where(b => !reachable.Contains(b)).ToList();
        foreach (var block in dead)
        {
            foreach (var successor in block.Successors.ToList())
            {
                RemovePredecessor(successor, block);
            }
        }

        function.Blocks.RemoveAll(dead.Contains);
        return dead.Count > 0;
    }
}
