using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Removes code that does not matter: a region entered at one block and left only at the block
/// every path from that entry reaches (its immediate post-dominator), with no effect, none of its
/// values used past it, and one value for each phi at the join from all of it. Its predecessors
/// then jump to the join directly. A parser loop whose result the caller no longer tests (after
/// <see cref="BranchThreading"/> decided the test) is such a region; clang deletes it too, and
/// the verifier then walks none of its paths. A loop in the region goes only when its bound is
/// proven (<see cref="LoopBoundCheck"/>): C# would never leave an endless one.
/// </summary>
internal sealed class DeadRegionElimination : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        bool progress = true;
        while (progress)
        {
            progress = false;
            var postDominators = new PostDominators(function);
            var dominators = new Dominators(function);
            foreach (var block in function.Blocks)
            {
                if (block != function.Entry && postDominators.Immediate(block) is { } join
                    && TryRemove(function, block, join, dominators))
                {
                    progress = changed = true;
                    break;
                }
            }
        }

        return changed;
    }

    private static bool TryRemove(IrFunction function, BasicBlock start, BasicBlock join, Dominators dominators)
    {
        var region = BlockReach.From([start], b => b.Successors, stop: join);
        if (!region.All(b => dominators.Dominates(start, b) && HasNoEffect(b)) || UsedOutside(function, region, join))
        {
            return false;
        }

        var entering = start.Predecessors.Where(p => !region.Contains(p)).Distinct().ToList();
        var joinValues = new Dictionary<PhiInstruction, Value>();
        foreach (var phi in join.Phis)
        {
            var incoming = join.Predecessors
                .Select((p, i) => (Predecessor: p, Value: phi.Operands[i]))
                .Where(e => region.Contains(e.Predecessor))
                .Select(e => e.Value)
                .Distinct(ValueEquality.Instance)
                .ToList();
            if (incoming.Count != 1 || (incoming[0] is Instruction i && region.Contains(i.Block))
                || entering.Any(p => join.Predecessors.Contains(p) && !ValueEquality.Same(ControlFlowEdits.IncomingFrom(phi, p), incoming[0])))
            {
                return false;
            }

            joinValues[phi] = incoming[0];
        }

        if (entering.Count == 0 || !LoopsAreBounded(function, region, dominators))
        {
            return false;
        }

        foreach (var predecessor in entering)
        {
            bool alreadyJoins = join.Predecessors.Contains(predecessor);
            predecessor.Terminator!.ReplaceSuccessor(start, join);
            ControlFlowEdits.RemovePredecessor(start, predecessor);
            if (!alreadyJoins)
            {
                ControlFlowEdits.AddPredecessor(join, predecessor, phi => joinValues[phi]);
            }
        }

        ControlFlowEdits.RemoveUnreachable(function);
        return true;
    }

    private static bool HasNoEffect(BasicBlock block) =>
        block.Instructions.All(i => i is BranchTerminator or JumpTerminator || !i.HasSideEffects);

    /// <summary>Whether a value made in the region is used outside it, other than by the join's phis (checked apart).</summary>
    private static bool UsedOutside(IrFunction function, HashSet<BasicBlock> region, BasicBlock join) =>
        function.AllInstructions.Any(user => !region.Contains(user.Block)
            && !(user is PhiInstruction && user.Block == join)
            && user.Operands.Any(o => o is Instruction i && region.Contains(i.Block)));

    private static bool LoopsAreBounded(IrFunction function, HashSet<BasicBlock> region, Dominators dominators) =>
        dominators.Loops(function).Where(l => region.Contains(l.Key)).All(l => LoopBoundCheck.IsBounded(l.Key, l.Value, !function.IsProgram));
}
