using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Makes every <c>return</c> of the same constant one block, so "return XdpAction.Pass" in six
/// places is one <c>w0 = 2; exit</c> that six branches jump to, as clang's code has one exit.
/// </summary>
internal sealed class ReturnMerging : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        var kept = new Dictionary<(long, IrType), BasicBlock>();
        foreach (var block in function.Blocks.ToList())
        {
            if (block == function.Entry || block.Instructions.Count != 1
                || block.Terminator is not ReturnTerminator { ReturnValue: Constant value })
            {
                continue;
            }

            if (!kept.TryGetValue((value.Value, value.Type), out var target))
            {
                kept[(value.Value, value.Type)] = block;
                continue;
            }

            foreach (var predecessor in block.Predecessors.ToList())
            {
                if (target.Predecessors.Contains(predecessor))
                {
                    // Both edges of a branch lead to the same return: the branch decides nothing.
                    ControlFlowEdits.ReplaceTerminator(predecessor, new JumpTerminator(target));
                }
                else
                {
                    predecessor.Terminator!.ReplaceSuccessor(block, target);
                    target.Predecessors.Add(predecessor);
                }

                ControlFlowEdits.RemovePredecessor(block, predecessor);
            }

            changed = true;
        }

        if (changed)
        {
            ControlFlowEdits.RemoveUnreachable(function);
        }

        return changed;
    }
}
