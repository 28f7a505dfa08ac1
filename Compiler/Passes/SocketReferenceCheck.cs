using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Requires every socket reference a lookup returns to be released exactly once on every path, as the verifier's
/// reference tracking does: a path that returns (or tail-calls) still holding it, a release of a pointer that may
/// be null or may already be released, and a second lookup into the same value while the first is held are refused
/// here with the lookup's C# line instead of a verifier log. For each lookup it follows what the reference may be at
/// each block (not yet taken, null, held, released) over the control flow graph, narrowing it on the two edges of a
/// test against null.
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
        var aliases = Aliases(function, acquire);
        var entry = new Dictionary<BasicBlock, ReferenceStates> { [function.Entry] = ReferenceStates.NotTaken };
        var work = new Queue<BasicBlock>([function.Entry]);
        while (work.Count > 0)
        {
            var block = work.Dequeue();
            var state = entry[block];
            foreach (var instruction in block.Instructions)
            {
                state = Step(function, acquire, aliases, instruction, state);
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

    private static ReferenceStates Step(IrFunction function, HelperCallInstruction acquire, HashSet<Value> aliases, Instruction instruction, ReferenceStates state)
    {
        if (instruction == acquire)
        {
            if (state.HasFlag(ReferenceStates.Held))
            {
                throw Refuse(function, acquire, "this socket lookup runs again while the socket it returned before is still held (a loop?); release it before the next lookup");
            }

            return ReferenceStates.Null | ReferenceStates.Held;
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

    /// <summary>Each successor with what the reference may be on the way there: only null past a test that found it null, only not null past one that did not.</summary>
    private static IEnumerable<(BasicBlock Successor, ReferenceStates State)> Edges(BasicBlock block, HashSet<Value> aliases, ReferenceStates state)
    {
        if (block.Terminator is BranchTerminator { Condition: Condition.Eq or Condition.Ne } branch && branch.IfTrue != branch.IfFalse && NullTest(branch, aliases))
        {
            var isNull = state & ~ReferenceStates.Held;
            var notNull = state & ~ReferenceStates.Null;
            yield return (branch.IfTrue, branch.Condition == Condition.Eq ? isNull : notNull);
            yield return (branch.IfFalse, branch.Condition == Condition.Eq ? notNull : isNull);
            yield break;
        }

        foreach (var successor in block.Successors)
        {
            yield return (successor, state);
        }
    }

    private static bool NullTest(BranchTerminator branch, HashSet<Value> aliases) =>
        (aliases.Contains(branch.Left) && branch.Right is Constant { Value: 0 })
        || (aliases.Contains(branch.Right) && branch.Left is Constant { Value: 0 });

    /// <summary>The lookup's result and the values that are it: phis of it (refused when met) are the only way to another name in SSA.</summary>
    private static HashSet<Value> Aliases(IrFunction function, Instruction acquire)
    {
        var aliases = new HashSet<Value> { acquire };
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var phi in function.AllInstructions.OfType<PhiInstruction>())
            {
                if (!aliases.Contains(phi) && phi.Operands.Any(aliases.Contains))
                {
                    grew |= aliases.Add(phi);
                }
            }
        }

        return aliases;
    }

    private static string Where(Instruction instruction) => instruction.Location?.ToString() ?? "the end of the method";

    private static CompileException Refuse(IrFunction function, Instruction at, string message) =>
        new(message, at.Location ?? at.Block.Instructions.Select(i => i.Location).FirstOrDefault(l => l is not null), function.SourceMethod);
}
