using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// The forward walk the reference checks share (<see cref="SocketReferenceCheck"/>, <see cref="NullableSocketCheck"/>,
/// <see cref="RingBufferDynptrCheck"/>): each block's entry state is the join of what its predecessors' edges carry,
/// and a block is walked again whenever that state grows, until nothing changes. A check refuses by throwing from its
/// step; what it follows, and how a branch narrows it, are its own.
/// </summary>
internal static class ForwardFlow
{
    /// <summary>
    /// Walks <paramref name="function"/> from its entry, which starts in <paramref name="entry"/>: <paramref name="step"/>
    /// carries the state through each instruction, <paramref name="edges"/> gives each successor of a block the state
    /// it receives, and <paramref name="join"/> adds it to what the successor had (the default state when none yet).
    /// </summary>
    public static void Run<TState>(
        IrFunction function,
        TState entry,
        Func<Instruction, TState, TState> step,
        Func<BasicBlock, TState, IEnumerable<(BasicBlock Successor, TState State)>> edges,
        Func<TState, TState, TState> join)
    {
        var atEntry = new Dictionary<BasicBlock, TState> { [function.Entry] = entry };
        var work = new Queue<BasicBlock>([function.Entry]);
        while (work.Count > 0)
        {
            var block = work.Dequeue();
            var state = atEntry[block];
            foreach (var instruction in block.Instructions)
            {
                state = step(instruction, state);
            }

            foreach (var (successor, carried) in edges(block, state))
            {
                bool known = atEntry.TryGetValue(successor, out var before);
                var after = join(before!, carried);
                if (!known || !EqualityComparer<TState>.Default.Equals(after, before))
                {
                    atEntry[successor] = after;
                    work.Enqueue(successor);
                }
            }
        }
    }

    /// <summary>Every successor of <paramref name="block"/> receives <paramref name="state"/> unchanged.</summary>
    public static IEnumerable<(BasicBlock Successor, TState State)> Unnarrowed<TState>(BasicBlock block, TState state) =>
        block.Successors.Select(successor => (successor, state));
}
