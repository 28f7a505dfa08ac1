using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Selection;

/// <summary>
/// Puts a block on every edge from a block with several successors into a block with phis, so
/// that the copies that replace the phis have a place that runs on that edge only.
/// </summary>
internal static class CriticalEdgeSplitter
{
    public static void Split(IrFunction function)
    {
        foreach (var block in function.Blocks.ToList())
        {
            if (block.Successors.Count < 2)
            {
                continue;
            }

            foreach (var successor in block.Successors.ToList())
            {
                if (!successor.Phis.Any())
                {
                    continue;
                }

                var middle = function.NewBlock();
                var jump = new JumpTerminator(successor) { Location = block.Terminator!.Location };
                middle.Add(jump);
                block.Terminator!.ReplaceSuccessor(successor, middle);
                middle.Predecessors.Add(block);
                int index = successor.Predecessors.IndexOf(block);
                successor.Predecessors[index] = middle;
            }
        }
    }
}
