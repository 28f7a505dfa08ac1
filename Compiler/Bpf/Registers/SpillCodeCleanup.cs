using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Registers;

/// <summary>
/// Removes the spill traffic that spill-everywhere rewriting leaves once registers are assigned:
/// a reload of a slot whose value a register still holds becomes a copy (or nothing), a store of
/// the value a slot already holds goes, and a store no later reload can read goes. Spill slots
/// are never address-taken, so only r10-relative accesses to them can read or write them.
/// </summary>
internal static class SpillCodeCleanup
{
    public static void Run(MachineFunction function, IReadOnlySet<StackSlot> spillSlots)
    {
        if (spillSlots.Count == 0)
        {
            return;
        }

        foreach (var block in function.Blocks)
        {
            ForwardRedundantAccesses(block, spillSlots);
        }

        RemoveDeadStores(function, spillSlots);
    }

    private static bool IsSpillLoad(MachineInstruction i, IReadOnlySet<StackSlot> spillSlots) =>
        i.Op == MachineOp.Load && i.Slot is { } slot && spillSlots.Contains(slot) && i.Size == 8 && i.Offset == 0;

    private static bool IsSpillStore(MachineInstruction i, IReadOnlySet<StackSlot> spillSlots) =>
        i.Op == MachineOp.Store && i.Slot is { } slot && spillSlots.Contains(slot) && i.Size == 8 && i.Offset == 0;

    /// <summary>Within a block, tracks which register holds each spill slot's value.</summary>
    private static void ForwardRedundantAccesses(MachineBlock block, IReadOnlySet<StackSlot> spillSlots)
    {
        var holder = new Dictionary<StackSlot, Reg>();
        var kept = new List<MachineInstruction>(block.Instructions.Count);
        foreach (var instruction in block.Instructions)
        {
            var current = instruction;
            if (IsSpillLoad(instruction, spillSlots))
            {
                var slot = instruction.Slot!;
                if (holder.TryGetValue(slot, out var register))
                {
                    if (register == instruction.Dst)
                    {
                        continue;
                    }

                    current = new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = instruction.Dst, Src = register, Location = instruction.Location };
                    Forget(holder, current.Dst);
                    kept.Add(current);
                    continue;
                }

                Forget(holder, instruction.Dst);
                holder[slot] = instruction.Dst;
                kept.Add(instruction);
                continue;
            }

            if (IsSpillStore(instruction, spillSlots))
            {
                var slot = instruction.Slot!;
                if (holder.TryGetValue(slot, out var register) && register == instruction.Src)
                {
                    continue;
                }

                holder[slot] = instruction.Src;
                kept.Add(instruction);
                continue;
            }

            if (instruction.Slot is { } touched)
            {
                holder.Remove(touched);
            }

            foreach (var def in instruction.Defs())
            {
                Forget(holder, def);
            }

            kept.Add(current);
        }

        block.Instructions.Clear();
        block.Instructions.AddRange(kept);
    }

    private static void Forget(Dictionary<StackSlot, Reg> holder, Reg register)
    {
        foreach (var slot in holder.Where(p => p.Value == register).Select(p => p.Key).ToList())
        {
            holder.Remove(slot);
        }
    }

    /// <summary>Drops stores to a spill slot that no reload reads before the next store or the exit.</summary>
    private static void RemoveDeadStores(MachineFunction function, IReadOnlySet<StackSlot> spillSlots)
    {
        var liveness = SpillSlotLiveness.Compute(function, spillSlots);
        foreach (var block in function.Blocks)
        {
            var live = liveness.LiveOut(block);
            for (int i = block.Instructions.Count - 1; i >= 0; i--)
            {
                var instruction = block.Instructions[i];
                if (IsSpillStore(instruction, spillSlots) && !live.Contains(instruction.Slot!))
                {
                    block.Instructions.RemoveAt(i);
                    continue;
                }

                liveness.StepBackward(instruction, live);
            }
        }
    }
}
