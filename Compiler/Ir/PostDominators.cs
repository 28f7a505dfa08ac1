namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Immediate post-dominators of a function's blocks: the first block every path from a block to
/// a return passes through. Computed as sets, which is quick enough for the few hundred blocks a
/// BPF function has. A block with no path to a return has none.
/// </summary>
internal sealed class PostDominators
{
    private readonly Dictionary<BasicBlock, BasicBlock> immediate = [];

    public PostDominators(IrFunction function)
    {
        var reachesExit = BlockReach.From(function.Blocks.Where(b => b.Successors.Count == 0), b => b.Predecessors);
        var blocks = function.Blocks.Where(reachesExit.Contains).ToList();
        var sets = blocks.ToDictionary(b => b, b => b.Successors.Count == 0 ? new HashSet<BasicBlock> { b } : new HashSet<BasicBlock>(blocks));
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var block in blocks.Where(b => b.Successors.Count > 0))
            {
                HashSet<BasicBlock>? meet = null;
                foreach (var successor in block.Successors.Where(sets.ContainsKey))
                {
                    if (meet is null)
                    {
                        meet = [.. sets[successor]];
                    }
                    else
                    {
                        meet.IntersectWith(sets[successor]);
                    }
                }

                meet ??= [];
                meet.Add(block);
                if (!meet.SetEquals(sets[block]))
                {
                    sets[block] = meet;
                    changed = true;
                }
            }
        }

        // The immediate one is the strict post-dominator that all the others post-dominate.
        foreach (var (block, set) in sets)
        {
            var strict = set.Where(p => p != block).FirstOrDefault(p => sets[p].Count == set.Count - 1);
            if (strict is not null)
            {
                immediate[block] = strict;
            }
        }
    }

    /// <summary>The immediate post-dominator of <paramref name="block"/>, or null when it has none.</summary>
    public BasicBlock? Immediate(BasicBlock block) => immediate.GetValueOrDefault(block);
}
