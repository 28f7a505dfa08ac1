using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Threads a branch on a phi through to the predecessors that already know its outcome. After
/// inlining, a helper's result is a phi of what each of its returns gave (null or a pointer for
/// <c>Header&lt;T&gt;</c>; -1 or a 16-bit EtherType for a parser), and the caller tests it at
/// once: each predecessor whose incoming value decides the test (<see cref="BranchOutcome"/>)
/// jumps straight to the successor it would take. This removes the test, and the verifier sees
/// one path per outcome instead of a register that may hold either, so the states of the paths
/// that agree meet again where they join and are pruned there.
/// </summary>
internal sealed class BranchThreading : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        Dominators? dominators = null;
        foreach (var block in function.Blocks.ToList())
        {
            // Threading moves edges: the dominators are computed again after each change.
            if (Thread(function, block, ref dominators))
            {
                changed = true;
                dominators = null;
            }
        }

        return changed;
    }

    private static bool Thread(IrFunction function, BasicBlock block, ref Dominators? dominators)
    {
        if (block == function.Entry
            || block.Terminator is not BranchTerminator branch
            || !(IsPhiOf(branch.Left, block) || IsPhiOf(branch.Right, block))
            || block.Instructions.Count != block.Phis.Count() + 1)
        {
            return false;
        }

        dominators ??= new Dominators(function);
        var dominance = dominators;
        // A loop header's test is the loop's own: threading its entry edge would rotate the loop
        // into a shape the unroller no longer counts, and its latches carry the next iteration.
        if (block.Predecessors.Any(p => dominance.Dominates(block, p)))
        {
            return false;
        }

        var phis = block.Phis.ToList();
        var incoming = new List<(BasicBlock Predecessor, Dictionary<PhiInstruction, Value> Values)>();
        foreach (var predecessor in block.Predecessors.ToList())
        {
            bool? outcome = BranchOutcome.Decide(branch.Condition, branch.Width, Incoming(branch.Left, block, predecessor), Incoming(branch.Right, block, predecessor));
            if (outcome is null)
            {
                continue;
            }

            var target = outcome.Value ? branch.IfTrue : branch.IfFalse;
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

    private static bool IsPhiOf(Value value, BasicBlock block) => value is PhiInstruction phi && phi.Block == block;

    /// <summary>What <paramref name="value"/>, an operand of the block's branch, is on the edge from <paramref name="predecessor"/>.</summary>
    private static Value Incoming(Value value, BasicBlock block, BasicBlock predecessor) =>
        IsPhiOf(value, block) ? ControlFlowEdits.IncomingFrom((PhiInstruction)value, predecessor) : value;

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
