using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Registers;

/// <summary>
/// Which spill slots hold a value some later reload reads, by the same backward dataflow as a
/// register's liveness: a store to a slot defines it, any other access to it reads it. Spill
/// slots are never address-taken, so r10-relative accesses are all there are.
/// </summary>
internal sealed class SpillSlotLiveness
{
    private readonly Dictionary<MachineBlock, HashSet<StackSlot>> liveIn;
    private readonly IReadOnlySet<StackSlot> slots;

    private SpillSlotLiveness(Dictionary<MachineBlock, HashSet<StackSlot>> liveIn, IReadOnlySet<StackSlot> slots)
    {
        this.liveIn = liveIn;
        this.slots = slots;
    }

    public static SpillSlotLiveness Compute(MachineFunction function, IReadOnlySet<StackSlot> slots)
    {
        var liveness = new SpillSlotLiveness(function.Blocks.ToDictionary(b => b, _ => new HashSet<StackSlot>()), slots);
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int b = function.Blocks.Count - 1; b >= 0; b--)
            {
                var block = function.Blocks[b];
                var live = liveness.LiveOut(block);
                for (int i = block.Instructions.Count - 1; i >= 0; i--)
                {
                    liveness.StepBackward(block.Instructions[i], live);
                }

                foreach (var slot in live)
                {
                    changed |= liveness.liveIn[block].Add(slot);
                }
            }
        }

        return liveness;
    }

    /// <summary>A fresh set of the slots live on exit from <paramref name="block"/>.</summary>
    public HashSet<StackSlot> LiveOut(MachineBlock block)
    {
        var live = new HashSet<StackSlot>();
        foreach (var successor in block.Successors)
        {
            live.UnionWith(liveIn[successor]);
        }

        return live;
    }

    /// <summary>The spill slot a store to it defines, or null when <paramref name="instruction"/> stores to none.</summary>
    public StackSlot? StoredSlot(MachineInstruction instruction) =>
        instruction.Op == MachineOp.Store && instruction.Slot is { } slot && slots.Contains(slot) ? slot : null;

    /// <summary>Moves <paramref name="live"/> from after <paramref name="instruction"/> to before it.</summary>
    public void StepBackward(MachineInstruction instruction, HashSet<StackSlot> live)
    {
        if (instruction.Slot is not { } slot || !slots.Contains(slot))
        {
            return;
        }

        if (StoredSlot(instruction) is not null)
        {
            live.Remove(slot);
        }
        else
        {
            live.Add(slot);
        }
    }
}
