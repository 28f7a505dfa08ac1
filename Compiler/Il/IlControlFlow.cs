namespace TraitsBpf.Compiler.Il;

/// <summary>
/// Splits a method body into <see cref="IlBlock"/>s and orders the reachable ones in reverse
/// postorder, so that every block except a loop header is visited after all its predecessors.
/// </summary>
internal sealed class IlControlFlow
{
    private IlControlFlow(IReadOnlyList<IlBlock> blocks, IReadOnlyList<IlBlock> reversePostorder, IReadOnlyList<IlBlock> translationOrder)
    {
        Blocks = blocks;
        ReversePostorder = reversePostorder;
        TranslationOrder = translationOrder;
    }

    public IReadOnlyList<IlBlock> Blocks { get; }

    /// <summary>The blocks reachable from the entry, in reverse postorder.</summary>
    public IReadOnlyList<IlBlock> ReversePostorder { get; }

    /// <summary>
    /// The same blocks in a reverse postorder in which a loop's blocks come before the blocks its
    /// exits lead to, so that the loop is read, and its header sealed, before the code after it
    /// reads variables through the header (a span's constant length would otherwise still be an
    /// incomplete phi there).
    /// </summary>
    public IReadOnlyList<IlBlock> TranslationOrder { get; }

    public static IlControlFlow Build(IlMethodBody body)
    {
        var code = body.Instructions;
        var leaders = new SortedSet<int> { 0 };
        for (int i = 0; i < code.Count; i++)
        {
            var instruction = code[i];
            if (instruction.Target >= 0)
            {
                leaders.Add(instruction.Target);
            }

            foreach (int t in instruction.Targets)
            {
                leaders.Add(t);
            }

            if (EndsBlock(instruction) && i + 1 < code.Count)
            {
                leaders.Add(i + 1);
            }
        }

        var starts = leaders.Where(l => l < code.Count).ToList();
        var blocks = new List<IlBlock>();
        var blockAt = new Dictionary<int, IlBlock>();
        for (int b = 0; b < starts.Count; b++)
        {
            int end = b + 1 < starts.Count ? starts[b + 1] : code.Count;
            var block = new IlBlock(b, starts[b], end);
            blocks.Add(block);
            blockAt[block.Start] = block;
        }

        foreach (var block in blocks)
        {
            var last = code[block.End - 1];
            if (last.Target >= 0)
            {
                Link(block, blockAt[last.Target]);
            }

            foreach (int t in last.Targets)
            {
                Link(block, blockAt[t]);
            }

            if (FallsThrough(last) && block.End < code.Count)
            {
                Link(block, blockAt[block.End]);
            }
        }

        return new IlControlFlow(blocks, Walk(blocks[0], block => block.Successors), LoopsBeforeExits(blocks[0]));
    }

    private static void Link(IlBlock from, IlBlock to)
    {
        if (!from.Successors.Contains(to))
        {
            from.Successors.Add(to);
            to.Predecessors.Add(from);
        }
    }

    /// <summary>A first walk finds the loops; the second visits each block's exits first, which places them later.</summary>
    private static List<IlBlock> LoopsBeforeExits(IlBlock entry)
    {
        var loops = LoopsContaining(entry);
        return Walk(entry, block => loops.Count == 0
            ? block.Successors
            : [.. block.Successors.OrderBy(s => Stays(loops, block, s) ? 1 : 0)]);
    }

    private static bool Stays(Dictionary<IlBlock, HashSet<IlBlock>> loops, IlBlock from, IlBlock to) =>
        !loops.TryGetValue(from, out var outer) || (loops.TryGetValue(to, out var inner) && outer.IsSubsetOf(inner));

    /// <summary>For each block in a loop, the headers of the loops it is in (none when the method has no loop).</summary>
    private static Dictionary<IlBlock, HashSet<IlBlock>> LoopsContaining(IlBlock entry)
    {
        var backEdges = new List<(IlBlock Latch, IlBlock Header)>();
        var onPath = new HashSet<IlBlock>();
        Walk(entry, block => block.Successors, (from, to) =>
        {
            if (onPath.Contains(to))
            {
                backEdges.Add((from, to));
            }
        }, onPath);

        var loops = new Dictionary<IlBlock, HashSet<IlBlock>>();
        foreach (var (latch, header) in backEdges)
        {
            var body = new HashSet<IlBlock> { header };
            var work = new Stack<IlBlock>();
            if (body.Add(latch))
            {
                work.Push(latch);
            }

            while (work.Count > 0)
            {
                foreach (var predecessor in work.Pop().Predecessors.Where(body.Add))
                {
                    work.Push(predecessor);
                }
            }

            foreach (var block in body)
            {
                if (!loops.TryGetValue(block, out var headers))
                {
                    loops[block] = headers = [];
                }

                headers.Add(header);
            }
        }

        return loops;
    }

    /// <summary>Depth-first from <paramref name="entry"/>: the reverse postorder, with each edge and the blocks on the current path as they are seen.</summary>
    private static List<IlBlock> Walk(IlBlock entry, Func<IlBlock, IReadOnlyList<IlBlock>> successors, Action<IlBlock, IlBlock>? onEdge = null, HashSet<IlBlock>? onPath = null)
    {
        var postorder = new List<IlBlock>();
        var visited = new HashSet<IlBlock> { entry };
        var stack = new Stack<(IlBlock Block, IReadOnlyList<IlBlock> Successors, int Next)>();
        stack.Push((entry, successors(entry), 0));
        onPath?.Add(entry);
        while (stack.Count > 0)
        {
            var (block, next, index) = stack.Pop();
            if (index < next.Count)
            {
                stack.Push((block, next, index + 1));
                var successor = next[index];
                onEdge?.Invoke(block, successor);
                if (visited.Add(successor))
                {
                    stack.Push((successor, successors(successor), 0));
                    onPath?.Add(successor);
                }
            }
            else
            {
                postorder.Add(block);
                onPath?.Remove(block);
            }
        }

        postorder.Reverse();
        return postorder;
    }

    private static bool EndsBlock(IlInstruction instruction) =>
        instruction.Target >= 0 || instruction.Op is IlOpcode.Switch or IlOpcode.Ret or IlOpcode.Throw
            or IlOpcode.Rethrow or IlOpcode.Endfinally or IlOpcode.Jmp;

    private static bool FallsThrough(IlInstruction instruction) =>
        instruction.Op is not (IlOpcode.Br or IlOpcode.Ret or IlOpcode.Throw or IlOpcode.Rethrow
            or IlOpcode.Leave or IlOpcode.Endfinally or IlOpcode.Jmp);
}
