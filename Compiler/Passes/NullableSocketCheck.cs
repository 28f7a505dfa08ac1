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

    private static void Follow(IrFunction function, Instruction source, HashSet<Value> aliases) =>
        ForwardFlow.Run(
            function,
            NullStates.NotYet,
            (instruction, state) => Step(function, source, aliases, instruction, state),
            (block, state) => NullNarrowedEdges(block, aliases, state, s => s & ~NullStates.NotNull, s => s & ~NullStates.Null),
            (before, carried) => before | carried);

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
