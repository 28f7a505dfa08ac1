using TraitsBpf.Compiler.Bpf.Machine;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>
/// Points jumps and branches past blocks that allocation left holding nothing but a jump, turns
/// a branch whose two edges then meet into a jump (an empty <c>if w0 != 0 goto +0</c> otherwise
/// survives), and drops the blocks nothing reaches any more: the verifier refuses unreachable
/// instructions.
/// </summary>
internal static class JumpThreading
{
    public static void Run(MachineFunction function)
    {
        if (function.Blocks.Count < 2)
        {
            return;
        }

        foreach (var block in function.Blocks)
        {
            var last = block.Instructions.Count > 0 ? block.Instructions[^1] : null;
            if (last is null || last.Op is not (MachineOp.Jump or MachineOp.Branch))
            {
                continue;
            }

            last.IfTrue = FinalTarget(last.IfTrue!);
            if (last.Op == MachineOp.Branch)
            {
                last.IfFalse = FinalTarget(last.IfFalse!);
                if (last.IfTrue == last.IfFalse)
                {
                    block.Instructions[^1] = new MachineInstruction(MachineOp.Jump) { IfTrue = last.IfTrue, Location = last.Location };
                }
            }
        }

        var reachable = new HashSet<MachineBlock>();
        var work = new Stack<MachineBlock>();
        work.Push(function.Blocks[0]);
        while (work.Count > 0)
        {
            var block = work.Pop();
            if (reachable.Add(block))
            {
                foreach (var successor in block.Successors)
                {
                    work.Push(successor);
                }
            }
        }

        function.Blocks.RemoveAll(b => !reachable.Contains(b));
    }

    /// <summary>Follows blocks that only jump on, stopping at a cycle of such blocks.</summary>
    private static MachineBlock FinalTarget(MachineBlock target)
    {
        var seen = new HashSet<MachineBlock>();
        while (target.Instructions is [{ Op: MachineOp.Jump, IfTrue: { } next }] && seen.Add(target))
        {
            target = next;
        }

        return target;
    }
}
