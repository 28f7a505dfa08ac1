namespace TraitsBpf.Compiler.Il;

/// <summary>
/// Splits a method body into <see cref="IlBlock"/>s and orders the reachable ones in reverse
/// postorder, so that every block except a loop header is visited after all its predecessors.
/// </summary>
internal sealed class IlControlFlow
{
    private IlControlFlow(IReadOnlyList<IlBlock> blocks, IReadOnlyList<IlBlock> reversePostorder)
    {
        Blocks = blocks;
        ReversePostorder = reversePostorder;
    }

    public IReadOnlyList<IlBlock> Blocks { get; }

    /// <summary>The blocks reachable from the entry, in reverse postorder.</summary>
    public IReadOnlyList<IlBlock> ReversePostorder { get; }

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

        return new IlControlFlow(blocks, Order(blocks[0]));
    }

    private static void Link(IlBlock from, IlBlock to)
    {
        if (!from.Successors.Contains(to))
        {
            from.Successors.Add(to);
            to.Predecessors.Add(from);
        }
    }

    private static List<IlBlock> Order(IlBlock entry)
    {
        var postorder = new List<IlBlock>();
        var visited = new HashSet<IlBlock>();
        var stack = new Stack<(IlBlock Block, int Next)>();
        stack.Push((entry, 0));
        visited.Add(entry);
        while (stack.Count > 0)
        {
            var (block, next) = stack.Pop();
            if (next < block.Successors.Count)
            {
                stack.Push((block, next + 1));
                var successor = block.Successors[next];
                if (visited.Add(successor))
                {
                    stack.Push((successor, 0));
                }
            }
            else
            {
                postorder.Add(block);
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
