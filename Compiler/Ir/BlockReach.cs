namespace TraitsBpf.Compiler.Ir;

/// <summary>Walks of the control-flow graph, forward or backward, that the passes share.</summary>
internal static class BlockReach
{
    /// <summary>
    /// The blocks reached from <paramref name="start"/> (included) by following
    /// <paramref name="next"/>, without going past <paramref name="stop"/> (never included).
    /// </summary>
    public static HashSet<BasicBlock> From(IEnumerable<BasicBlock> start, Func<BasicBlock, IEnumerable<BasicBlock>> next, BasicBlock? stop = null)
    {
        var reached = new HashSet<BasicBlock>();
        var work = new Stack<BasicBlock>(start);
        while (work.Count > 0)
        {
            var block = work.Pop();
            if (block != stop && reached.Add(block))
            {
                foreach (var following in next(block))
                {
                    work.Push(following);
                }
            }
        }

        return reached;
    }
}
