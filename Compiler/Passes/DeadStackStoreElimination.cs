using System.Collections;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Removes stores to the stack that nothing can read: the zeroing C# gives every local
/// (localsinit) when every path then sets the bytes before reading them, and copies that are
/// overwritten. A backward dataflow of live bytes per stack slot: a load makes its bytes live,
/// a store kills them (and is dead when none of its bytes were live), a helper or subprogram
/// call reading through the slot's address makes the whole slot live. A slot whose address goes
/// anywhere else (pointer arithmetic with a variable, a phi, a store) is left alone.
/// </summary>
internal sealed class DeadStackStoreElimination : IPass
{
    public bool Run(IrFunction function)
    {
        var tracked = TrackedSlots(function);
        if (tracked.Count == 0)
        {
            return false;
        }

        bool changed = false;
        while (true)
        {
            var liveIn = Solve(function, tracked);
            var dead = new HashSet<Instruction>();
            foreach (var block in function.Blocks)
            {
                var live = LiveOut(block, liveIn, tracked);
                for (int i = block.Instructions.Count - 1; i >= 0; i--)
                {
                    Transfer(block.Instructions[i], live, tracked, dead);
                }
            }

            if (dead.Count == 0)
            {
                return changed;
            }

            foreach (var block in function.Blocks)
            {
                block.Instructions.RemoveAll(dead.Contains);
            }

            changed = true;
        }
    }

    /// <summary>Slots accessed only by loads and stores at constant offsets and by call arguments.</summary>
    private static Dictionary<StackSlot, int> TrackedSlots(IrFunction function)
    {
        var slots = new Dictionary<StackSlot, int>();
        var excluded = new HashSet<StackSlot>();
        foreach (var instruction in function.AllInstructions)
        {
            for (int i = 0; i < instruction.Operands.Count; i++)
            {
                var operand = instruction.Operands[i];
                StackSlot? slot = operand switch
                {
                    StackAddressInstruction s => s.Slot,
                    BinaryInstruction { Op: BinaryOp.Add, Left: StackAddressInstruction s, Right: Constant } => s.Slot,
                    _ => null,
                };
                if (slot is null)
                {
                    continue;
                }

                bool direct = instruction switch
                {
                    LoadInstruction => true,
                    StoreInstruction => i == 0,
                    HelperCallInstruction or KfuncCallInstruction or CallInstruction => true,
                    BinaryInstruction { Op: BinaryOp.Add, Right: Constant } when operand is StackAddressInstruction => true,
                    _ => false,
                };
                if (!direct)
                {
                    excluded.Add(slot);
                }
                else
                {
                    slots[slot] = slot.Size;
                }
            }
        }

        foreach (var slot in excluded)
        {
            slots.Remove(slot);
        }

        return slots;
    }

    private static Dictionary<BasicBlock, Dictionary<StackSlot, BitArray>> Solve(IrFunction function, Dictionary<StackSlot, int> tracked)
    {
        var liveIn = function.Blocks.ToDictionary(b => b, _ => Empty(tracked));
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int b = function.Blocks.Count - 1; b >= 0; b--)
            {
                var block = function.Blocks[b];
                var live = LiveOut(block, liveIn, tracked);
                for (int i = block.Instructions.Count - 1; i >= 0; i--)
                {
                    Transfer(block.Instructions[i], live, tracked, dead: null);
                }

                foreach (var (slot, bits) in live)
                {
                    var old = liveIn[block][slot];
                    var merged = new BitArray(old).Or(bits);
                    if (!SameBits(merged, old))
                    {
                        liveIn[block][slot] = merged;
                        changed = true;
                    }
                }
            }
        }

        return liveIn;
    }

    private static Dictionary<StackSlot, BitArray> LiveOut(BasicBlock block, Dictionary<BasicBlock, Dictionary<StackSlot, BitArray>> liveIn, Dictionary<StackSlot, int> tracked)
    {
        var live = Empty(tracked);
        foreach (var successor in block.Successors)
        {
            foreach (var (slot, bits) in liveIn[successor])
            {
                live[slot].Or(bits);
            }
        }

        return live;
    }

    private static void Transfer(Instruction instruction, Dictionary<StackSlot, BitArray> live, Dictionary<StackSlot, int> tracked, HashSet<Instruction>? dead)
    {
        switch (instruction)
        {
            case StoreInstruction store when SlotOf(store.Address, store.Offset, tracked) is var (slot, offset):
                {
                    var bits = live[slot];
                    bool anyLive = false;
                    for (int b = offset; b < offset + store.Size && b < bits.Length; b++)
                    {
                        anyLive |= b >= 0 && bits[b];
                    }

                    if (!anyLive)
                    {
                        dead?.Add(store);
                    }

                    for (int b = Math.Max(offset, 0); b < offset + store.Size && b < bits.Length; b++)
                    {
                        bits[b] = false;
                    }

                    break;
                }

            case LoadInstruction load when SlotOf(load.Address, load.Offset, tracked) is var (slot, offset):
                {
                    var bits = live[slot];
                    for (int b = Math.Max(offset, 0); b < offset + load.Size && b < bits.Length; b++)
                    {
                        bits[b] = true;
                    }

                    break;
                }

            case HelperCallInstruction or KfuncCallInstruction or CallInstruction:
                foreach (var operand in instruction.Operands)
                {
                    if (SlotOf(operand, 0, tracked) is var (slot, _))
                    {
                        live[slot].SetAll(true);
                    }
                }

                break;
        }
    }

    private static (StackSlot Slot, int Offset)? SlotOf(Value address, int offset, Dictionary<StackSlot, int> tracked)
    {
        (StackSlot Slot, int Offset)? result = address switch
        {
            StackAddressInstruction s => (s.Slot, offset),
            BinaryInstruction { Op: BinaryOp.Add, Left: StackAddressInstruction s, Right: Constant c } => (s.Slot, offset + (int)c.Value),
            _ => null,
        };
        return result is { } r && tracked.ContainsKey(r.Slot) ? r : null;
    }

    private static Dictionary<StackSlot, BitArray> Empty(Dictionary<StackSlot, int> tracked) =>
        tracked.ToDictionary(t => t.Key, t => new BitArray(t.Value));

    private static bool SameBits(BitArray a, BitArray b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
