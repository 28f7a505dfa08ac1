using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Removes stores to the stack that are overwritten, byte for byte, before anything can read
/// them: the zeroing C# gives every local (localsinit) when the code then sets every field,
/// and copies that are rewritten. Works within a block, and treats any use of a slot's address
/// other than a store through it (a load, a call argument, a comparison) as a read of the slot.
/// </summary>
internal sealed class DeadStackStoreElimination : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        foreach (var block in function.Blocks)
        {
            var pending = new List<(StoreInstruction Store, StackSlot Slot, int Start, int Live)>();
            var dead = new HashSet<Instruction>();
            foreach (var instruction in block.Instructions)
            {
                if (instruction is StoreInstruction store && SlotOf(store.Address, store.Offset) is var (slot, start))
                {
                    for (int p = 0; p < pending.Count; p++)
                    {
                        var (earlier, earlierSlot, earlierStart, live) = pending[p];
                        if (earlierSlot != slot)
                        {
                            continue;
                        }

                        int remaining = live & ~Mask(start - earlierStart, store.Size);
                        pending[p] = (earlier, earlierSlot, earlierStart, remaining);
                        if (remaining == 0)
                        {
                            dead.Add(earlier);
                        }
                    }

                    pending.RemoveAll(p => p.Live == 0);
                    pending.Add((store, slot, start, (1 << store.Size) - 1));
                    ForgetEscapes(store.StoredValue, pending);
                    continue;
                }

                foreach (var operand in instruction.Operands)
                {
                    ForgetEscapes(operand, pending);
                }

                if (instruction is Terminator)
                {
                    pending.Clear();
                }
            }

            changed |= block.Instructions.RemoveAll(dead.Contains) > 0;
        }

        return changed;
    }

    /// <summary>A use of a slot's address may read any of its bytes: its pending stores are live.</summary>
    private static void ForgetEscapes(Value operand, List<(StoreInstruction Store, StackSlot Slot, int Start, int Live)> pending)
    {
        if (SlotOf(operand, 0) is var (slot, _))
        {
            pending.RemoveAll(p => p.Slot == slot);
        }
    }

    /// <summary>Bits, relative to a store at 0, that a store of <paramref name="size"/> bytes at <paramref name="offset"/> covers.</summary>
    private static int Mask(int offset, int size)
    {
        int mask = 0;
        for (int b = 0; b < size; b++)
        {
            int bit = offset + b;
            if (bit is >= 0 and < 8)
            {
                mask |= 1 << bit;
            }
        }

        return mask;
    }

    private static (StackSlot Slot, int Offset)? SlotOf(Value address, int offset) => address switch
    {
        StackAddressInstruction s => (s.Slot, offset),
        BinaryInstruction { Op: BinaryOp.Add, Left: StackAddressInstruction s, Right: Constant c } => (s.Slot, offset + (int)c.Value),
        _ => null,
    };
}
