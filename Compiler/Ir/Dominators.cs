namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Immediate dominators of a function's blocks (Cooper, Harvey and Kennedy, "A Simple, Fast
/// Dominance Algorithm"), and the natural loops their back edges define.
/// </summary>
internal sealed class Dominators
{
    private readonly Dictionary<BasicBlock, BasicBlock> immediate = [];
    private readonly Dictionary<BasicBlock, int> order = [];

    public Dominators(IrFunction function)
    {
        var postorder = Postorder(function.Entry);
        for (int i = 0; i < postorder.Count; i++)
        {
            order[postorder[i]] = i;
        }

        immediate[function.Entry] = function.Entry;
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = postorder.Count - 1; i >= 0; i--)
            {
                var block = postorder[i];
                if (block == function.Entry)
                {
                    continue;
                }

                BasicBlock? idom = null;
                foreach (var predecessor in block.Predecessors.Where(immediate.ContainsKey))
                {
                    idom = idom is null ? predecessor : Intersect(predecessor, idom);
                }

                if (idom is not null && (!immediate.TryGetValue(block, out var old) || old != idom))
                {
                    immediate[block] = idom;
                    changed = true;
                }
            }
        }
    }

    /// <summary>True when every path from the entry to <paramref name="block"/> passes through <paramref name="dominator"/>.</summary>
    public bool Dominates(BasicBlock dominator, BasicBlock block)
    {
        while (true)
        {
            if (block == dominator)
            {
                return true;
            }

            if (!immediate.TryGetValue(block, out var parent) || parent == block)
            {
                return false;
            }

            block = parent;
        }
    }

    /// <summary>The block every path to <paramref name="block"/> passes through last, or null for the entry and unreachable blocks.</summary>
    public BasicBlock? ImmediateDominator(BasicBlock block) =>
        immediate.TryGetValue(block, out var parent) && parent != block ? parent : null;

    /// <summary>Natural loops: for each header, the blocks of every loop whose back edge targets it.</summary>
    public Dictionary<BasicBlock, HashSet<BasicBlock>> Loops(IrFunction function)
    {
        var loops = new Dictionary<BasicBlock, HashSet<BasicBlock>>();
        foreach (var block in function.Blocks)
        {
            foreach (var header in block.Successors.Where(s => Dominates(s, block)))
            {
                if (!loops.TryGetValue(header, out var body))
                {
                    body = [header];
                    loops[header] = body;
                }

                var work = new Stack<BasicBlock>();
                if (body.Add(block))
                {
                    work.Push(block);
                }

                while (work.Count > 0)
                {
                    foreach (var predecessor in work.Pop().Predecessors)
                    {
                        if (body.Add(predecessor))
                        {
                            work.Push(predecessor);
                        }
                    }
                }
            }
        }

        return loops;
    }

    private BasicBlock Intersect(BasicBlock a, BasicBlock b)
    {
        while (a != b)
        {
            while (order[a] < order[b])
            {
                a = immediate[a];
            }

            while (order[b] < order[a])
            {
                b = immediate[b];
            }
        }

        return a;
    }

    private static List<BasicBlock> Postorder(BasicBlock entry)
    {
        var result = new List<BasicBlock>();
        var visited = new HashSet<BasicBlock> { entry };
        var stack = new Stack<(BasicBlock Block, int Next)>();
        stack.Push((entry, 0));
        while (stack.Count > 0)
        {
            var (block, next) = stack.Pop();
            var successors = block.Successors;
            if (next < successors.Count)
            {
                stack.Push((block, next + 1));
                if (visited.Add(successors[next]))
                {
                    stack.Push((successors[next], 0));
                }
            }
            else
            {
                result.Add(block);
            }
        }

        return result;
    }
}
