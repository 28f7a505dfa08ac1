using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Registers;

/// <summary>
/// Lets spilled values whose lifetimes do not overlap share a stack slot, so the frame holds as
/// many spill slots as values spilled at once rather than one per spilled value: code inlined
/// many times over would otherwise outgrow the 512-byte frame. A spill slot's lifetime comes
/// from the same backward dataflow as a register's, with its stores as definitions and its
/// loads as uses.
/// </summary>
internal static class SpillSlotSharing
{
    public static void Share(MachineFunction function, IReadOnlySet<StackSlot> spillSlots)
    {
        if (spillSlots.Count < 2)
        {
            return;
        }

        var interference = Interference(function, spillSlots);
        var assigned = new Dictionary<StackSlot, StackSlot>();
        var members = new Dictionary<StackSlot, List<StackSlot>>();
        foreach (var slot in spillSlots.OrderByDescending(s => interference[s].Count))
        {
            var shared = members.Keys.FirstOrDefault(target => members[target].All(other => !interference[slot].Contains(other)));
            if (shared is null)
            {
                members[slot] = [slot];
                assigned[slot] = slot;
            }
            else
            {
                members[shared].Add(slot);
                assigned[slot] = shared;
            }
        }

        foreach (var instruction in function.Blocks.SelectMany(b => b.Instructions))
        {
            if (instruction.Slot is { } slot && assigned.TryGetValue(slot, out var target))
            {
                instruction.Slot = target;
            }
        }

        function.Slots.RemoveAll(s => assigned.TryGetValue(s, out var target) && target != s);
    }

    private static Dictionary<StackSlot, HashSet<StackSlot>> Interference(MachineFunction function, IReadOnlySet<StackSlot> slots)
    {
        var liveness = SpillSlotLiveness.Compute(function, slots);
        var interference = slots.ToDictionary(s => s, _ => new HashSet<StackSlot>());
        foreach (var block in function.Blocks)
        {
            var live = liveness.LiveOut(block);
            for (int i = block.Instructions.Count - 1; i >= 0; i--)
            {
                var instruction = block.Instructions[i];
                if (liveness.StoredSlot(instruction) is { } stored)
                {
                    foreach (var other in live.Where(o => o != stored))
                    {
                        interference[stored].Add(other);
                        interference[other].Add(stored);
                    }
                }

                liveness.StepBackward(instruction, live);
            }
        }

        return interference;
    }
}
