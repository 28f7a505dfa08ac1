using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Computes each pure expression once: an instruction equal to one that dominates it (same
/// operation, same operands) is replaced by it. Packet loads count as pure only in functions
/// that never write packet memory nor call a helper that moves the packet.
/// </summary>
internal sealed class CommonSubexpressionElimination : IPass
{
    private static readonly HashSet<int> PacketChangingHelpers = [9, 10, 11, 31, 32, 38, 39, 43, 44, 50, 54, 65, 66, 189, 190];

    public bool Run(IrFunction function)
    {
        bool packetStable = !function.AllInstructions.Any(i =>
            (i is StoreInstruction s && s.Address.Kind is ValueKind.Packet or ValueKind.Meta or ValueKind.Unknown)
            || i is AtomicInstruction or CallInstruction or KfuncCallInstruction
            || (i is HelperCallInstruction h && PacketChangingHelpers.Contains(h.HelperId)));
        var dominators = new Dominators(function);
        var numbers = new Dictionary<Value, int>(ValueEquality.Instance);
        var seen = new Dictionary<string, List<Instruction>>(StringComparer.Ordinal);
        bool changed = false;
        foreach (var block in function.Blocks)
        {
            foreach (var instruction in block.Instructions.ToList())
            {
                string? key = KeyOf(instruction, numbers, packetStable);
                if (key is null)
                {
                    continue;
                }

                if (!seen.TryGetValue(key, out var candidates))
                {
                    candidates = [];
                    seen[key] = candidates;
                }

                var earlier = candidates.FirstOrDefault(c => Dominates(c, instruction, dominators));
                if (earlier is not null)
                {
                    function.ReplaceAllUses(instruction, earlier);
                    block.Instructions.Remove(instruction);
                    changed = true;
                }
                else
                {
                    candidates.Add(instruction);
                }
            }
        }

        return changed;
    }

    private static bool Dominates(Instruction first, Instruction second, Dominators dominators) =>
        first.Block.Instructions.Contains(first)
        && (first.Block == second.Block
            ? first.Block.Instructions.IndexOf(first) < second.Block.Instructions.IndexOf(second)
            : dominators.Dominates(first.Block, second.Block));

    private static string? KeyOf(Instruction instruction, Dictionary<Value, int> numbers, bool packetStable)
    {
        string Operands() => string.Join(",", instruction.Operands.Select(o => Number(o, numbers)));
        return instruction switch
        {
            BinaryInstruction b => $"bin:{b.Op}:{b.Type}:{Operands()}",
            UnaryInstruction u => $"un:{u.Op}:{u.Type}:{Operands()}",
            ConvertInstruction c => $"conv:{c.Op}:{Operands()}",
            ByteSwapInstruction s => $"swap:{s.Bits}:{Operands()}",
            CompareInstruction c => $"cmp:{c.Condition}:{c.Width}:{Operands()}",
            StackAddressInstruction s => $"stack:{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(s.Slot)}",
            MapReferenceInstruction m => $"map:{m.Map.Name}",
            GlobalAddressInstruction g => $"global:{g.Global.Name}",
            LoadInstruction l when packetStable && l.Address.Kind is ValueKind.Packet or ValueKind.Meta =>
                $"load:{l.Size}:{l.SignExtend}:{l.Offset}:{l.Type}:{Operands()}",
            _ => null,
        };
    }

    private static string Number(Value value, Dictionary<Value, int> numbers)
    {
        if (value is Constant c)
        {
            return $"k{c.Value}:{c.Type}";
        }

        if (!numbers.TryGetValue(value, out int n))
        {
            n = numbers.Count;
            numbers[value] = n;
        }

        return $"v{n}";
    }
}
