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
            var effectFree = function.Blocks.Where(b => b != function.Entry && HasNoEffect(b)).ToHashSet();
            if (effectFree.Count == 0)
            {
                break;
            }

            var postDominators = new PostDominators(function);
            var dominators = new Dominators(function);
            var users = Users(function);
            // One sweep on the analyses of its start: a removal only takes paths away, so what
            // still dominates or post-dominates afterwards did before, and a later candidate is
            // judged conservatively (removed blocks have no predecessors and are skipped).
            foreach (var block in function.Blocks.Where(effectFree.Contains).ToList())
            {
                if (block.Predecessors.Count > 0 && postDominators.Immediate(block) is { } join && join.Predecessors.Count > 0
                    && TryRemove(function, block, join, dominators, effectFree, users))
                {
                    progress = changed = true;
                }
            }
        }

        return changed;
    }

    private static bool TryRemove(IrFunction function, BasicBlock start, BasicBlock join, Dominators dominators, HashSet<BasicBlock> effectFree, Dictionary<Value, List<Instruction>> users)
    {
        var region = Region(start, join, b => effectFree.Contains(b) && dominators.Dominates(start, b));
        if (region is null || UsedOutside(region, join, users))
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

        if (entering.Count == 0 || !LoopsAreBounded(function, region))
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
                foreach (var (phi, value) in joinValues)
                {
                    if (!users.TryGetValue(value, out var list))
                    {
                        users[value] = list = [];
                    }

                    list.Add(phi);
                }
            }
        }

        ControlFlowEdits.RemoveUnreachable(function);
        return true;
    }

    /// <summary>The blocks from the start up to the join, or null as soon as one of them does not qualify.</summary>
    private static HashSet<BasicBlock>? Region(BasicBlock start, BasicBlock join, Func<BasicBlock, bool> qualifies)
    {
        var region = new HashSet<BasicBlock>();
        var work = new Stack<BasicBlock>();
        work.Push(start);
        while (work.Count > 0)
        {
            var block = work.Pop();
            if (block == join || !region.Add(block))
            {
                continue;
            }

            if (!qualifies(block))
            {
                return null;
            }

            foreach (var successor in block.Successors)
            {
                work.Push(successor);
            }
        }

        return region;
    }

    private static bool HasNoEffect(BasicBlock block) =>
        block.Instructions.All(i => i is BranchTerminator or JumpTerminator || !i.HasSideEffects);

    /// <summary>Whether a value made in the region is used outside it, other than by the join's phis (checked apart).</summary>
    private static bool UsedOutside(HashSet<BasicBlock> region, BasicBlock join, Dictionary<Value, List<Instruction>> users) =>
        region.SelectMany(b => b.Instructions)
            .SelectMany(i => users.GetValueOrDefault(i) ?? [])
            .Any(user => !region.Contains(user.Block) && !(user is PhiInstruction && user.Block == join));

    private static Dictionary<Value, List<Instruction>> Users(IrFunction function)
    {
        var users = new Dictionary<Value, List<Instruction>>();
        foreach (var instruction in function.AllInstructions)
        {
            foreach (var operand in instruction.Operands.OfType<Instruction>())
            {
                if (!users.TryGetValue(operand, out var list))
                {
                    users[operand] = list = [];
                }

                list.Add(instruction);
            }
        }

        return users;
    }

    /// <summary>Whether every loop headed in the region has a proven bound; dominance is computed afresh, as earlier removals may have made new loops natural.</summary>
    private static bool LoopsAreBounded(IrFunction function, HashSet<BasicBlock> region) =>
        new Dominators(function).Loops(function).Where(l => region.Contains(l.Key)).All(l => LoopBoundCheck.IsBounded(l.Key, l.Value, !function.IsProgram));
}
