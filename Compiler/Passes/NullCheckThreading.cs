using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Threads null checks through the phi that created the maybe-null pointer. <c>Header&lt;T&gt;</c>
/// returns either null or a packet pointer, and the caller immediately tests it; after inlining
/// that is a phi of 0 and a pointer followed by a branch on the phi. Each predecessor already
/// knows the answer, so it jumps straight to the right successor. This removes the test, and it
/// gives the verifier one path per outcome instead of a register that may hold either.
/// </summary>
internal sealed class NullCheckThreading : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        foreach (var block in function.Blocks.ToList())
        {
            changed |= Thread(function, block);
        }

        return changed;
    }

    private static bool Thread(IrFunction function, BasicBlock block)
    {
        if (block == function.Entry
            || block.Terminator is not BranchTerminator { Condition: Condition.Eq or Condition.Ne, Right: Constant { Value: 0 } } branch
            || branch.Left is not PhiInstruction tested || tested.Block != block
            || block.Instructions.Count != block.Phis.Count() + 1)
        {
            return false;
        }

        var dominators = new Dominators(function);
        var phis = block.Phis.ToList();
        var incoming = new List<(BasicBlock Predecessor, Dictionary<PhiInstruction, Value> Values)>();
        foreach (var predecessor in block.Predecessors.ToList())
        {
            var value = ControlFlowEdits.IncomingFrom(tested, predecessor);
            bool? nonNull = value is Constant c ? c.Value != 0 : SimplifyControlFlow.NeverNull(value) ? true : null;
            // A predecessor the block dominates is a loop latch: its values are the next iteration's, and uses inside it would break.
            if (nonNull is null || dominators.Dominates(block, predecessor))
            {
                continue;
            }

            var target = (branch.Condition == Condition.Ne) == nonNull.Value ? branch.IfTrue : branch.IfFalse;
            if (target == block || target.Predecessors.Contains(predecessor))
            {
                continue;
            }

            var values = phis.ToDictionary(p => p, p => ControlFlowEdits.IncomingFrom(p, predecessor));
            predecessor.Terminator!.ReplaceSuccessor(block, target);
            ControlFlowEdits.AddPredecessor(target, predecessor, phi =>
            {
                var fromBlock = ControlFlowEdits.IncomingFrom(phi, block);
                return fromBlock is PhiInstruction p && values.TryGetValue(p, out var v) ? v : fromBlock;
            });
            ControlFlowEdits.RemovePredecessor(block, predecessor);
            incoming.Add((predecessor, values));
        }

        if (incoming.Count == 0)
        {
            return false;
        }

        RepairUses(function, block, phis, incoming);
        return true;
    }

    /// <summary>
    /// Uses of the block's phis beyond it now see the threaded predecessors' values on some paths:
    /// rebuild SSA for each phi as a variable defined at the end of each threaded predecessor (and
    /// in the block itself, for the predecessors that still go through it).
    /// </summary>
    private static void RepairUses(IrFunction function, BasicBlock block, List<PhiInstruction> phis, List<(BasicBlock Predecessor, Dictionary<PhiInstruction, Value> Values)> incoming)
    {
        foreach (var phi in phis)
        {
            var users = function.AllInstructions.Where(i => i.Block != block && i.Operands.Contains(phi)).ToList();
            if (users.Count == 0)
            {
                continue;
            }

            var ssa = new SsaBuilder(function);
            foreach (var b in function.Blocks)
            {
                ssa.Seal(b);
            }

            var variable = new SsaVariable(phi.ToString(), phi.Type, phi.Kind);
            foreach (var (predecessor, values) in incoming)
            {
                ssa.Write(variable, predecessor, values[phi]);
            }

            if (block.Predecessors.Count > 0)
            {
                ssa.Write(variable, block, phi);
            }

            foreach (var user in users)
            {
                for (int i = 0; i < user.Operands.Count; i++)
                {
                    if (user.Operands[i] != phi)
                    {
                        continue;
                    }

                    var at = user is PhiInstruction ? user.Block.Predecessors[i] : user.Block;
                    user.SetOperand(i, ssa.Read(variable, at));
                }
            }
        }
    }
}
