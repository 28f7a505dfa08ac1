using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Reads each context field once where it can: a context load that a load of the same field
/// dominates is replaced by it, as clang keeps <c>ctx->data</c> in a register. Not across
/// helpers that move the packet (the kernel changes data and data_end) or subprogram calls,
/// and never for fields the program writes. A packet pointer is read again after any call, as
/// clang does: kept across one, it would hold a callee-saved register to the end and reach the
/// program's common tail with a different checked range on every path, so the verifier could
/// prune none of them there (xdp_patch_ports: 40 walks of its statistics tail). Nor across a call
/// that is given the context: a helper such as bpf_set_hash_invalid or bpf_skb_change_type changes
/// the fields a load of it reads.
/// </summary>
internal sealed class ContextLoadReuse : IPass
{
    public bool Run(IrFunction function)
    {
        var loads = function.AllInstructions.OfType<LoadInstruction>().Where(l => l.Address is Parameter { Kind: ValueKind.Ctx }).ToList();
        if (loads.Count < 2)
        {
            return false;
        }

        var written = function.AllInstructions.OfType<StoreInstruction>().Where(s => s.Address.Kind == ValueKind.Ctx).Select(s => s.Offset).ToHashSet();
        // A tail call that returns has not changed the packet, but the verifier (6.13+) forgets packet pointers across it all the same.
        bool changesPacket = function.AllInstructions.Any(i => i is CallInstruction || (i is HelperCallInstruction h && BpfHelpers.Of(h.HelperId).InvalidatesPacketPointers));
        var dominators = new Dominators(function);
        bool changed = false;
        foreach (var load in loads)
        {
            if (written.Contains(load.Offset) || !load.Block.Instructions.Contains(load))
            {
                continue;
            }

            var earlier = loads.FirstOrDefault(other => other != load && other.Block.Instructions.Contains(other)
                && other.Offset == load.Offset && other.Size == load.Size && other.Type == load.Type
                && Precedes(other, load, dominators)
                && (!changesPacket || (other.Block == load.Block && !CallBetween(other, load)))
                && (load.Kind == ValueKind.Scalar || !OnSomePath(other, load, IsCall))
                && !OnSomePath(other, load, ChangesContext));
            if (earlier is not null)
            {
                function.ReplaceAllUses(load, earlier);
                load.Block.Instructions.Remove(load);
                changed = true;
            }
        }

        return changed;
    }

    private static bool Precedes(Instruction first, Instruction second, Dominators dominators) =>
        first.Block == second.Block
            ? first.Block.Instructions.IndexOf(first) < second.Block.Instructions.IndexOf(second)
            : dominators.Dominates(first.Block, second.Block);

    private static bool CallBetween(Instruction first, Instruction second) => Between(first, second, IsCall);

    private static bool Between(Instruction first, Instruction second, Func<Instruction, bool> matches) =>
        first.Block.Instructions
            .Skip(first.Block.Instructions.IndexOf(first) + 1)
            .TakeWhile(i => i != second)
            .Any(matches);

    /// <summary>Whether an instruction that <paramref name="matches"/> can run after <paramref name="first"/> and before <paramref name="second"/>, which it dominates.</summary>
    private static bool OnSomePath(Instruction first, Instruction second, Func<Instruction, bool> matches)
    {
        if (first.Block == second.Block)
        {
            return Between(first, second, matches);
        }

        var after = BlockReach.From(first.Block.Successors, b => b.Successors);
        var before = BlockReach.From(second.Block.Predecessors, b => b.Predecessors);
        return first.Block.Instructions.SkipWhile(i => i != first).Any(matches)
            || second.Block.Instructions.TakeWhile(i => i != second).Any(matches)
            || after.Where(before.Contains).Any(b => b.Instructions.Any(matches));
    }

    private static bool IsCall(Instruction instruction) => instruction is CallInstruction or HelperCallInstruction or KfuncCallInstruction;

    /// <summary>A subprogram call, or a helper or kfunc given the context, each of which may change its fields.</summary>
    private static bool ChangesContext(Instruction instruction) =>
        instruction is CallInstruction
        || (instruction is HelperCallInstruction or KfuncCallInstruction && instruction.Operands.Any(o => o.Kind == ValueKind.Ctx));
}
