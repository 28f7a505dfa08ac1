namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Immediate post-dominators of a function's blocks: the first block every path from a block to
/// a return passes through. Computed as bit sets, which is quick enough for the few hundred
/// blocks a BPF function has. A block with no path to a return has none.
/// </summary>
internal sealed class PostDominators
{
    private readonly Dictionary<BasicBlock, BasicBlock> immediate = [];

    public PostDominators(IrFunction function)
    {
        // Blocks that reach a return, last first: successors mostly come before their predecessors, so the sets settle in few sweeps.
        var reachesExit = BlockReach.From(function.Blocks.Where(b => b.Successors.Count == 0), b => b.Predecessors);
        var blocks = function.Blocks.Where(reachesExit.Contains).Reverse().ToList();
        var index = new Dictionary<BasicBlock, int>();
        for (int i = 0; i < blocks.Count; i++)
        {
            index[blocks[i]] = i;
        }

        int words = (blocks.Count + 63) / 64;
        var sets = new ulong[blocks.Count][];
        for (int i = 0; i < blocks.Count; i++)
        {
            sets[i] = new ulong[words];
            if (blocks[i].Successors.Count == 0)
            {
                sets[i][i / 64] = 1UL << (i % 64);
            }
            else
            {
                Array.Fill(sets[i], ulong.MaxValue);
            }
        }

        var meet = new ulong[words];
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 0; i < blocks.Count; i++)
            {
                if (blocks[i].Successors.Count == 0)
                {
                    continue;
                }

                Array.Fill(meet, ulong.MaxValue);
                foreach (var successor in blocks[i].Successors)
                {
                    if (index.TryGetValue(successor, out int s))
                    {
                        for (int w = 0; w < words; w++)
                        {
                            meet[w] &= sets[s][w];
                        }
                    }
                }

                meet[i / 64] |= 1UL << (i % 64);
                if (!meet.AsSpan().SequenceEqual(sets[i]))
                {
                    meet.CopyTo(sets[i], 0);
                    changed = true;
                }
            }
        }

        // The immediate one is the strict post-dominator that all the others post-dominate: the one whose set is one smaller.
        var counts = sets.Select(set => set.Sum(w => System.Numerics.BitOperations.PopCount(w))).ToArray();
        for (int i = 0; i < blocks.Count; i++)
        {
            int j = StrictWithCount(sets[i], i, counts[i] - 1, counts);
            if (j >= 0)
            {
                immediate[blocks[i]] = blocks[j];
            }
        }
    }

    private static int StrictWithCount(ulong[] set, int self, int count, int[] counts)
    {
        for (int w = 0; w < set.Length; w++)
        {
            for (ulong bits = set[w]; bits != 0; bits &= bits - 1)
            {
                int j = (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                if (j != self && counts[j] == count)
                {
                    return j;
                }
            }
        }

        return -1;
    }

    /// <summary>The immediate post-dominator of <paramref name="block"/>, or null when it has none.</summary>
    public BasicBlock? Immediate(BasicBlock block) => immediate.GetValueOrDefault(block);
}
