using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Refuses, with the C# line, what the verifier refuses about <c>BpfSpinLock</c>: a lock that is not in a map value,
/// a second lock while one is held, a helper, kfunc or subprogram call while held, an unlock of a lock not held or of
/// another value's lock, and a return with the lock held. The verifier would fail such a program with a log and no C#
/// line. The check follows every path through the method, so a lock must be taken and released on the same paths:
/// where paths that hold it meet paths that do not, it refuses, although the verifier, which walks each path apart,
/// could accept branches that take and release it under the same condition. It refuses a subprogram call under the
/// lock although the verifier lets a static subprogram that calls no helper run there, since the compiler checks one
/// method at a time.
/// </summary>
internal static class SpinLockCheck
{
    public static void Check(IrFunction function)
    {
        if (!function.AllInstructions.Any(IsLockOrUnlock))
        {
            return;
        }

        // The lock held on entry to each block (null: none); a block is walked again when its entry state is first known.
        var heldAtEntry = new Dictionary<BasicBlock, HelperCallInstruction?> { [function.Entry] = null };
        var work = new Stack<BasicBlock>([function.Entry]);
        while (work.Count > 0)
        {
            var block = work.Pop();
            var held = Walk(block, heldAtEntry[block], function);
            foreach (var successor in block.Successors)
            {
                if (!heldAtEntry.TryGetValue(successor, out var known))
                {
                    heldAtEntry[successor] = held;
                    work.Push(successor);
                }
                else if ((known is null) != (held is null))
                {
                    var taken = known ?? held!;
                    if (successor.Terminator is ReturnTerminator)
                    {
                        // Returns merged into one block: a path reaching it holds the lock.
                        throw Returning(function, taken, successor.Terminator);
                    }

                    throw Refusal(function, taken, $"the lock taken at {Where(taken)} is held on one path to {Where(FirstLocated(successor) ?? taken)} and not on another; take and release it on the same paths (the compiler checks every path through the method)");
                }
            }
        }
    }

    /// <summary>The lock held at the end of <paramref name="block"/>, refusing what may not happen in it.</summary>
    private static HelperCallInstruction? Walk(BasicBlock block, HelperCallInstruction? held, IrFunction function)
    {
        foreach (var instruction in block.Instructions)
        {
            switch (instruction)
            {
                case HelperCallInstruction { HelperId: BpfHelper.SpinLock } take:
                    if (take.Operands[0].Kind != ValueKind.MapValue)
                    {
                        throw Refusal(function, take, $"a BpfSpinLock is locked only as a field of a map value (the verifier takes bpf_spin_lock in map values); this one is in {Describe(take.Operands[0].Kind)} memory");
                    }

                    if (held is not null)
                    {
                        throw Refusal(function, take, $"a second lock is taken while the lock taken at {Where(held)} is held; the verifier allows one lock at a time");
                    }

                    held = take;
                    break;
                case HelperCallInstruction { HelperId: BpfHelper.SpinUnlock } release:
                    if (held is null)
                    {
                        throw Refusal(function, release, "this unlock releases a lock that no Lock() before it in the same method took");
                    }

                    if (Root(release.Operands[0]) != Root(held.Operands[0]))
                    {
                        throw Refusal(function, release, $"this unlock releases another value's lock than the one taken at {Where(held)}; unlock the field that was locked, through the same pointer");
                    }

                    held = null;
                    break;
                case HelperCallInstruction or KfuncCallInstruction or CallInstruction or PacketLoadInstruction when held is not null:
                    throw Refusal(function, instruction, $"{What(instruction)} while the lock taken at {Where(held)} is held; the verifier allows only the value's fields and arithmetic until Unlock()");
                case ReturnTerminator when held is not null:
                    throw Returning(function, held, instruction);
            }
        }

        return held;
    }

    private static bool IsLockOrUnlock(Instruction instruction) =>
        instruction is HelperCallInstruction { HelperId: BpfHelper.SpinLock or BpfHelper.SpinUnlock };

    /// <summary>The pointer a lock's address was computed from, without constant offsets (a field's address within the value).</summary>
    private static Value Root(Value pointer)
    {
        while (pointer is BinaryInstruction { Op: BinaryOp.Add, Right: Constant } offset)
        {
            pointer = offset.Left;
        }

        return pointer;
    }

    private static string What(Instruction instruction) => instruction switch
    {
        HelperCallInstruction helper => $"helper {BpfHelpers.Of(helper.HelperId).Name} is called",
        KfuncCallInstruction kfunc => $"kfunc {kfunc.Function} is called",
        CallInstruction call => $"subprogram {call.Callee.Name} (a method the compiler does not inline) is called",
        _ => "a classic packet load (LD_ABS) runs",
    };

    private static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Stack => "stack",
        ValueKind.Packet or ValueKind.Meta => "packet",
        ValueKind.Ctx => "context",
        ValueKind.Kernel => "kernel",
        _ => "unknown",
    };

    private static string Where(Instruction instruction) =>
        instruction.Location is { } location ? $"line {location.Line}" : "an earlier call";

    private static Instruction? FirstLocated(BasicBlock block) => block.Instructions.FirstOrDefault(i => i.Location is not null);

    private static CompileException Returning(IrFunction function, Instruction taken, Instruction ret) =>
        Refusal(function, taken, $"the method returns with this lock held{(ret.Location is { } at ? $" (at line {at.Line})" : "")}; every path must call Unlock() first");

    private static CompileException Refusal(IrFunction function, Instruction at, string message) =>
        new(message, at.Location, function.SourceMethod);
}
