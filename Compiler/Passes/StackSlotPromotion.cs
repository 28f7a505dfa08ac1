using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Keeps scalar locals in registers although C# took their address. C# takes a local's address
/// to pass it as an <c>in</c> argument (a map key) or to call a method on it; such a slot is
/// read and written whole, and its address otherwise only reaches helpers that read the key.
/// The slot's value becomes SSA values again (built as in construction, Braun et al.), and
/// memory is written only right before each helper that reads it.
/// </summary>
internal sealed class StackSlotPromotion : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        foreach (var group in function.AllInstructions.OfType<StackAddressInstruction>().GroupBy(a => a.Slot).ToList())
        {
            var slot = group.Key;
            var addresses = group.ToHashSet<Value>();
            if (slot.Size is 1 or 2 or 4 or 8 && OnlyWholeAccesses(function, addresses, slot.Size))
            {
                Promote(function, addresses, slot.Size);
                changed = true;
            }
        }

        return changed;
    }

    private static bool OnlyWholeAccesses(IrFunction function, HashSet<Value> addresses, int size)
    {
        bool anyAccess = false;
        foreach (var instruction in function.AllInstructions)
        {
            for (int i = 0; i < instruction.Operands.Count; i++)
            {
                if (!addresses.Contains(instruction.Operands[i]))
                {
                    continue;
                }

                bool allowed = instruction switch
                {
                    LoadInstruction load => load.Offset == 0 && load.Size == size,
                    StoreInstruction store => i == 0 && store.Offset == 0 && store.Size == size,
                    HelperCallInstruction call => BpfHelpers.Of(call.HelperId).ReadOnlyArguments.Contains(i),
                    _ => false,
                };
                if (!allowed)
                {
                    return false;
                }

                anyAccess |= instruction is LoadInstruction or StoreInstruction;
            }
        }

        return anyAccess;
    }

    private static void Promote(IrFunction function, HashSet<Value> addresses, int size)
    {
        var type = size == 8 ? IrType.I64 : IrType.I32;
        var variable = new SsaVariable("promoted", type, ValueKind.Scalar);
        var ssa = new SsaBuilder(function);
        var order = ReversePostorder(function);
        var pending = order.ToDictionary(b => b, b => b.Predecessors.Count);
        var done = new HashSet<BasicBlock>();
        foreach (var block in order)
        {
            if (block.Predecessors.All(done.Contains))
            {
                ssa.Seal(block);
            }

            Value? current = null;
            foreach (var instruction in block.Instructions.ToList())
            {
                switch (instruction)
                {
                    case StoreInstruction store when addresses.Contains(store.Address):
                        current = store.StoredValue;
                        block.Instructions.Remove(store);
                        break;
                    case LoadInstruction load when addresses.Contains(load.Address):
                        {
                            var value = current ?? ssa.Read(variable, block);
                            var loaded = AsLoaded(value, load, block);
                            function.ReplaceAllUses(load, loaded);
                            block.Instructions.Remove(load);
                            break;
                        }

                    case HelperCallInstruction call:
                        foreach (var address in call.Operands.Where(addresses.Contains).Distinct().ToList())
                        {
                            var value = current ?? ssa.Read(variable, block);
                            var store = new StoreInstruction(address, 0, size, value) { Location = call.Location, Id = function.NewId(), Block = block };
                            block.Instructions.Insert(block.Instructions.IndexOf(call), store);
                        }

                        break;
                }
            }

            if (current is not null)
            {
                ssa.Write(variable, block, current);
            }

            done.Add(block);
            foreach (var successor in block.Successors)
            {
                if (--pending[successor] == 0)
                {
                    ssa.Seal(successor);
                }
            }
        }

        foreach (var block in function.Blocks)
        {
            ssa.Seal(block);
        }
    }

    /// <summary>What a load of the slot would have given: the stored value's low bytes, extended as the load extends.</summary>
    private static Value AsLoaded(Value value, LoadInstruction load, BasicBlock block)
    {
        ConvertOp? op = (load.Size, load.SignExtend) switch
        {
            (1, false) => ConvertOp.ZeroExtend8,
            (1, true) => ConvertOp.SignExtend8,
            (2, false) => ConvertOp.ZeroExtend16,
            (2, true) => ConvertOp.SignExtend16,
            (4, _) when value.Type == IrType.I64 => ConvertOp.Truncate,
            (8, _) when value.Type == IrType.I32 => ConvertOp.ZeroExtend32,
            _ => null,
        };
        if (op is null)
        {
            return value;
        }

        if (value is Constant c)
        {
            return new Constant(ConstantEvaluator.Evaluate(op.Value, c.Value), load.Type);
        }

        var convert = new ConvertInstruction(op.Value, value) { Location = load.Location, Id = load.Id, Block = block };
        block.Instructions.Insert(block.Instructions.IndexOf(load), convert);
        return convert;
    }

    private static List<BasicBlock> ReversePostorder(IrFunction function)
    {
        var visited = new HashSet<BasicBlock>();
        var postorder = new List<BasicBlock>();
        void Visit(BasicBlock block)
        {
            if (!visited.Add(block))
            {
                return;
            }

            foreach (var successor in block.Successors)
            {
                Visit(successor);
            }

            postorder.Add(block);
        }

        Visit(function.Entry);
        postorder.Reverse();
        return postorder;
    }
}
