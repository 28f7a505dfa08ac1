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

            BasicBlock? target = null;
            if (branch.IfTrue == branch.IfFalse)
            {
                target = branch.IfTrue;
            }
            else if (branch.Left is Constant a && branch.Right is Constant b)
            {
                target = branch.Condition.Evaluate(a.Value, b.Value, branch.Width) ? branch.IfTrue : branch.IfFalse;
            }
            else if (branch.Left == branch.Right)
            {
                target = branch.Condition.Evaluate(0, 0, branch.Width) ? branch.IfTrue : branch.IfFalse;
            }
            else if (branch.Right is Constant { Value: 0 } && NeverNull(branch.Left) && branch.Condition is Condition.Eq or Condition.Ne)
            {
                target = branch.Condition == Condition.Ne ? branch.IfTrue : branch.IfFalse;
            }

            if (target is not null)
            {
                ControlFlowEdits.ReplaceTerminator(block, new JumpTerminator(target));
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>
    /// Pointers the verifier knows are never null: into the packet, the stack, the context, and
    /// phis of only such pointers.
    /// </summary>
    public static bool NeverNull(Value value) => NeverNull(value, []);

    private static bool NeverNull(Value value, HashSet<PhiInstruction> visiting) => value switch
    {
        Constant => false,
        PhiInstruction phi => visiting.Add(phi) && phi.Operands.All(o => o == phi || visiting.Contains(o) || NeverNull(o, visiting)),
        _ => value.Kind is ValueKind.Packet or ValueKind.PacketEnd or ValueKind.Meta or ValueKind.Stack or ValueKind.Ctx,
    };

    /// <summary>Sends the predecessors of a block that only jumps straight to its target.</summary>
    private static bool ForwardEmptyBlocks(IrFunction function)
    {
        bool changed = false;
        foreach (var block in function.Blocks.ToList())
        {
            if (block == function.Entry || block.Instructions.Count != 1 || block.Terminator is not JumpTerminator jump)
            {
                continue;
            }

            var target = jump.Target;
            if (target == block)
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
                ControlFlowEdits.AddPredecessor(target, predecessor, phi => ControlFlowEdits.IncomingFrom(phi, block));
                ControlFlowEdits.RemovePredecessor(block, predecessor);
                changed = true;
            }
        }

        return changed;
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
