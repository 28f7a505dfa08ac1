using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Tidies the control-flow graph: folds branches whose outcome is known, removes unreachable
/// blocks, skips blocks that only jump elsewhere, and merges a block into its only predecessor.
/// </summary>
internal sealed class SimplifyControlFlow : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        bool progress = true;
        while (progress)
        {
            progress = FoldBranches(function);
            progress |= ControlFlowEdits.RemoveUnreachable(function);
            progress |= ForwardEmptyBlocks(function);
            progress |= MergeStraightLines(function);
            progress |= RemoveSingleOperandPhis(function);
            changed |= progress;
        }

        return changed;
    }

    private static bool FoldBranches(IrFunction function)
    {
        bool changed = false;
        foreach (var block in function.Blocks)
        {
            if (block.Terminator is not BranchTerminator branch)
            {
                continue;
            }

            BasicBlock? target = branch.IfTrue == branch.IfFalse
                ? branch.IfTrue
                : BranchOutcome.Decide(branch.Condition, branch.Width, branch.Left, branch.Right) switch
                {
                    true => branch.IfTrue,
                    false => branch.IfFalse,
                    null => null,
                };
            if (target is not null)
            {
                ControlFlowEdits.ReplaceTerminator(block, new JumpTerminator(target));
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>
    /// Sends the predecessors of a block that only jumps straight to its target, or only merges
    /// values for its target's phis: those phis then take each predecessor's value directly, so
    /// a branch on them sees the values it may be threaded by (<see cref="BranchThreading"/>).
    /// </summary>
    private static bool ForwardEmptyBlocks(IrFunction function)
    {
        bool changed = false;
        foreach (var block in function.Blocks.ToList())
        {
            if (block == function.Entry || block.Terminator is not JumpTerminator jump
                || block.Instructions.Count != block.Phis.Count() + 1)
            {
                continue;
            }

            var target = jump.Target;
            if (target == block || !PhisFeedOnly(function, block, target))
            {
                continue;
            }

            foreach (var predecessor in block.Predecessors.ToList())
            {
                if (target.Predecessors.Contains(predecessor))
                {
                    continue;
                }

                predecessor.Terminator!.ReplaceSuccessor(block, target);
                ControlFlowEdits.AddPredecessor(target, predecessor, phi =>
                    ControlFlowEdits.IncomingFrom(phi, block) is PhiInstruction merged && merged.Block == block
                        ? ControlFlowEdits.IncomingFrom(merged, predecessor)
                        : ControlFlowEdits.IncomingFrom(phi, block));
                ControlFlowEdits.RemovePredecessor(block, predecessor);
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>Whether the block's phis are used only by its target's phis, on the edge from the block.</summary>
    private static bool PhisFeedOnly(IrFunction function, BasicBlock block, BasicBlock target)
    {
        if (!block.Phis.Any())
        {
            return true;
        }

        var phis = block.Phis.ToHashSet<Value>();
        int edge = target.Predecessors.IndexOf(block);
        return function.AllInstructions.All(user =>
            user.Operands.Select((operand, index) => (operand, index)).All(o =>
                !phis.Contains(o.operand) || (user is PhiInstruction && user.Block == target && o.index == edge)));
    }

    private static bool MergeStraightLines(IrFunction function)
    {
        bool changed = false;
        foreach (var block in function.Blocks.ToList())
        {
            if (!function.Blocks.Contains(block) || block.Terminator is not JumpTerminator jump)
            {
                continue;
            }

            var next = jump.Target;
            if (next == block || next == function.Entry || next.Predecessors.Count != 1)
            {
                continue;
            }

            foreach (var phi in next.Phis.ToList())
            {
                function.ReplaceAllUses(phi, phi.Operands[0]);
                next.Instructions.Remove(phi);
            }

            block.Instructions.RemoveAt(block.Instructions.Count - 1);
            foreach (var instruction in next.Instructions)
            {
                instruction.Block = block;
                block.Instructions.Add(instruction);
            }

            foreach (var successor in next.Successors)
            {
                int index = successor.Predecessors.IndexOf(next);
                successor.Predecessors[index] = block;
            }

            next.Instructions.Clear();
            next.Predecessors.Clear();
            function.Blocks.Remove(next);
            changed = true;
        }

        return changed;
    }

    private static bool RemoveSingleOperandPhis(IrFunction function)
    {
        bool changed = false;
        foreach (var block in function.Blocks)
        {
            foreach (var phi in block.Phis.ToList())
            {
                var distinct = phi.Operands.Where(o => o != phi).Distinct(ValueEquality.Instance).ToList();
                if (distinct.Count == 1)
                {
                    function.ReplaceAllUses(phi, distinct[0]);
                    block.Instructions.Remove(phi);
                    changed = true;
                }
            }
        }

        return changed;
    }
}
