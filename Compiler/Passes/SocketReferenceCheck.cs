using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;
using static TraitsBpf.Compiler.Passes.SocketPointerFlow;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Requires every socket reference a lookup returns to be released exactly once on every path, as the verifier's
/// reference tracking does: a path that returns (or tail-calls) still holding it, a release of a pointer that may
/// be null or may already be released, a second lookup into the same value while the first is held, and a read
/// through the socket, or through a cast of it that shares its reference, after the release are refused here with
/// the C# line instead of a verifier log. For each lookup it follows what the reference may be at each block (not
/// yet taken, null, held, released) over the control flow graph, narrowing it on the two edges of a test against null.
/// </summary>
internal static class SocketReferenceCheck
{
    private static readonly HashSet<BpfHelper> Acquiring = [BpfHelper.SkLookupTcp, BpfHelper.SkLookupUdp, BpfHelper.SkcLookupTcp];

    public static void Check(IrFunction function)
    {
        var acquires = function.AllInstructions.OfType<HelperCallInstruction>().Where(c => Acquiring.Contains(c.HelperId)).ToList();
        var looked = acquires.SelectMany(a => Aliases(function, a)).ToHashSet();
        var stray = function.AllInstructions.OfType<HelperCallInstruction>().FirstOrDefault(c => c.HelperId == BpfHelper.SkRelease && !looked.Contains(c.Operands[0]));
        if (stray is not null)
        {
            throw Refuse(function, stray, "Release() of a socket no lookup in this method returned: only the result of LookupTcp, LookupUdp or LookupTcpCommon holds a reference to release");
        }

        foreach (var acquire in acquires)
        {
            Follow(function, acquire);
        }
    }

    private static void Follow(IrFunction function, HelperCallInstruction acquire)
    {
        var reference = new Reference(acquire, Aliases(function, acquire), Closure(function, [acquire], SharesReference));
        ForwardFlow.Run(
            function,
            ReferenceStates.NotTaken,
            (instruction, state) => Step(function, reference, instruction, state),
            (block, state) => NullNarrowedEdges(block, reference.Aliases, state, s => s & ~ReferenceStates.Held, s => s & ~ReferenceStates.Null),
            (before, carried) => before | carried);
    }

    private static ReferenceStates Step(IrFunction function, Reference reference, Instruction instruction, ReferenceStates state)
    {
        var (acquire, aliases, views) = reference;
        if (instruction == acquire)
        {
            if (state.HasFlag(ReferenceStates.Held))
            {
                throw Refuse(function, acquire, "this socket lookup runs again while the socket it returned before is still held (a loop?); release it before the next lookup");
            }

            return ReferenceStates.Null | ReferenceStates.Held;
        }

        if (state.HasFlag(ReferenceStates.Released) && (ReadsThrough(instruction, views) || (instruction is HelperCallInstruction { HelperId: not BpfHelper.SkRelease } passed && passed.Operands.Any(views.Contains))))
        {
            throw Refuse(function, instruction, "the socket is used here after its Release() on some path (directly or through a cast of it, which shares its reference): read it, and pass it on, before releasing it");
        }

        switch (instruction)
        {
            case HelperCallInstruction { HelperId: BpfHelper.SkRelease } release when aliases.Contains(release.Operands[0]):
                if (state.HasFlag(ReferenceStates.Null))
                {
                    throw Refuse(function, release, "Release() of a socket that may be null here: test the lookup's result against null first and release it only where it is not");
                }

                if (state.HasFlag(ReferenceStates.Released))
                {
                    throw Refuse(function, release, "Release() of a socket that may already be released on some path: release each reference exactly once");
                }

                return ReferenceStates.Released;
            case HelperCallInstruction use when use.HelperId != BpfHelper.SkRelease && use.Operands.Any(aliases.Contains) && state.HasFlag(ReferenceStates.Null):
                throw Refuse(function, use, $"the socket passed to {BpfHelpers.Of(use.HelperId).Name} may be null here: test the lookup's result against null first");
            case HelperCallInstruction { HelperId: BpfHelper.TailCall } when state.HasFlag(ReferenceStates.Held):
                throw Refuse(function, acquire, $"the socket this lookup returns is still held at the tail call at {Where(instruction)}: the kernel refuses a tail call that would leak it, so release it first");
            case ReturnTerminator when state.HasFlag(ReferenceStates.Held):
                throw Refuse(function, acquire, $"the socket this lookup returns is not released on every path: the return at {Where(instruction)} can be reached still holding it; call Release() on it before that return");
            case CallInstruction call when call.Operands.Any(aliases.Contains):
                throw Refuse(function, call, "a socket reference passed to a [MethodImpl(NoInlining)] subprogram: keep a socket in the method that looked it up");
            case StoreInstruction store when aliases.Contains(store.StoredValue):
                throw Refuse(function, store, "a socket reference stored to memory: keep a socket in a local variable, where the compiler can see that it is released");
            case PhiInstruction phi when phi.Operands.Any(aliases.Contains):
                throw Refuse(function, acquire, "the variable holding this socket is assigned on more than one path; keep each lookup's result in its own variable and release it in the branch that looked it up");
            default:
                return state;
        }
    }

    /// <summary>A cast of the socket the verifier invalidates with it (bpf_sk_fullsock, bpf_tcp_sock, most bpf_skc_to_*).</summary>
    private static bool SharesReference(Instruction instruction) =>
        instruction is HelperCallInstruction call && BpfHelpers.Of(call.HelperId).CastSharesReference;

    /// <summary>A lookup, the values that are its result, and those valid only while its reference is held (it and the casts of it).</summary>
    private sealed record Reference(HelperCallInstruction Acquire, HashSet<Value> Aliases, HashSet<Value> Views);
}
