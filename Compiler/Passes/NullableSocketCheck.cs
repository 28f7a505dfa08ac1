using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;
using static TraitsBpf.Compiler.Passes.SocketPointerFlow;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Requires a socket pointer that may be null and holds no reference, a cast's result (<c>ToTcpSock()</c>,
/// <c>FullSocket()</c>, ...) or the context's socket (<c>ctx.Socket</c>), to be tested against null before the program
/// reads through it or passes it to a helper, as the verifier requires of its <c>_or_null</c> pointers: the read is
/// refused here at its C# line instead of with a verifier log. For each such pointer it follows whether it may be
/// null at each block over the control flow graph, narrowing it on the two edges of a test against null.
/// </summary>
internal static class NullableSocketCheck
{
    public static void Check(IrFunction function)
    {
        foreach (var source in function.AllInstructions.Where(IsNullableSocket).ToList())
        {
            Follow(function, source, Aliases(function, source));
        }
    }

    /// <summary>A socket cast's result, or a socket pointer loaded from the context (<c>__sk_buff.sk</c>).</summary>
    private static bool IsNullableSocket(Instruction instruction) => instruction switch
    {
        HelperCallInstruction call => BpfHelpers.Of(call.HelperId).CastsSocket,
        LoadInstruction load => load.Address.Kind == ValueKind.Ctx && load.Kind == ValueKind.Socket,
        _ => false,
    };

    private static void Follow(IrFunction function, Instruction source, HashSet<Value> aliases)
    {
        var entry = new Dictionary<BasicBlock, NullStates> { [function.Entry] = NullStates.NotYet };
        var work = new Queue<BasicBlock>([function.Entry]);
        while (work.Count > 0)
        {
            var block = work.Dequeue();
            var state = entry[block];
            foreach (var instruction in block.Instructions)
            {
                state = Step(function, source, aliases, instruction, state);
            }

            foreach (var (successor, narrowed) in Edges(block, aliases, state))
            {
                var before = entry.GetValueOrDefault(successor);
                var after = before | narrowed;
                if (!entry.ContainsKey(successor) || after != before)
                {
                    entry[successor] = after;
                    work.Enqueue(successor);
                }
            }
        }
    }

    private static NullStates Step(IrFunction function, Instruction source, HashSet<Value> aliases, Instruction instruction, NullStates state)
    {
        if (instruction == source)
        {
            return NullStates.Null | NullStates.NotNull;
        }

        if (!state.HasFlag(NullStates.Null))
        {
            return state;
        }

        if (ReadsThrough(instruction, aliases))
        {
            throw Refuse(function, instruction, $"{What(source)} may be null here, and the verifier refuses a read through a pointer that may be null: test it against null first");
        }

        if (instruction is HelperCallInstruction call && call.Operands.Any(aliases.Contains))
        {
            throw Refuse(function, instruction, $"{What(source)} may be null here, and {BpfHelpers.Of(call.HelperId).Name} takes no null socket: test it against null first");
        }

        return state;
    }

    private static IEnumerable<(BasicBlock Successor, NullStates State)> Edges(BasicBlock block, HashSet<Value> aliases, NullStates state)
    {
        if (block.Terminator is BranchTerminator branch && IsNullTest(branch, aliases))
        {
            var (whenNull, whenNotNull) = NullEdges(branch);
            yield return (whenNull, state & ~NullStates.NotNull);
            yield return (whenNotNull, state & ~NullStates.Null);
            yield break;
        }

        foreach (var successor in block.Successors)
        {
            yield return (successor, state);
        }
    }

    private static string What(Instruction source) => source is HelperCallInstruction call
        ? $"the result of {BpfHelpers.Of(call.HelperId).Name} (null when the socket is not of that kind)"
        : "the packet's socket (ctx.Socket, null when the packet has none)";

    /// <summary>What the pointer may be at a point of the program: a set of these.</summary>
    [Flags]
    private enum NullStates
    {
        None = 0,
        NotYet = 1,
        Null = 2,
        NotNull = 4,
    }
}
