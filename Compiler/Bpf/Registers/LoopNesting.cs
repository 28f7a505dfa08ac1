using TraitsBpf.Compiler.Bpf.Machine;

namespace TraitsBpf.Compiler.Bpf.Registers;

/// <summary>
/// How many natural loops contain each block: a back edge is an edge to a block still on the
/// depth-first path from the entry, and its loop is every block that reaches the edge's tail
/// without passing through its header. The allocator weighs a register's uses by it, so a value
/// touched inside a loop is the last to be spilled.
/// </summary>
internal static class LoopNesting
{
    public static Dictionary<MachineBlock, int> Depths(MachineFunction function)
    {
        var depth = function.Blocks.ToDictionary(b => b, _ => 0);
        if (function.Blocks.Count == 0)
        {
            return depth;
        }

        var predecessors = function.Blocks.ToDictionary(b => b, _ => new List<MachineBlock>());
        foreach (var block in function.Blocks)
        {
            foreach (var successor in block.Successors)
            {
                predecessors[successor].Add(block);
            }
        }

        var bodies = new Dictionary<MachineBlock, HashSet<MachineBlock>>();
        foreach (var (tail, header) in BackEdges(function.Blocks[0]))
        {
            if (!bodies.TryGetValue(header, out var body))
            {
                body = [header];
                bodies[header] = body;
            }

            var work = new Stack<MachineBlock>();
            if (body.Add(tail))
            {
                work.Push(tail);
            }

            while (work.Count > 0)
            {
                foreach (var predecessor in predecessors[work.Pop()])
                {
                    if (body.Add(predecessor))
                    {
                        work.Push(predecessor);
                    }
                }
            }
        }

        foreach (var body in bodies.Values)
        {
            foreach (var block in body)
            {
                depth[block]++;
            }
        }

        return depth;
    }

    private static List<(MachineBlock Tail, MachineBlock Header)> BackEdges(MachineBlock entry)
    {
        var edges = new List<(MachineBlock, MachineBlock)>();
        var visited = new HashSet<MachineBlock> { entry };
        var onPath = new HashSet<MachineBlock> { entry };
        var stack = new Stack<(MachineBlock Block, IEnumerator<MachineBlock> Successors)>();
        stack.Push((entry, entry.Successors.GetEnumerator()));
        while (stack.Count > 0)
        {
            var (block, successors) = stack.Peek();
            if (!successors.MoveNext())
            {
                stack.Pop();
                onPath.Remove(block);
                continue;
            }

            var successor = successors.Current;
            if (onPath.Contains(successor))
            {
                edges.Add((block, successor));
            }
            else if (visited.Add(successor))
            {
                onPath.Add(successor);
                stack.Push((successor, successor.Successors.GetEnumerator()));
            }
        }

        return edges;
    }
}
