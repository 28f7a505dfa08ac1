using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Computes each pure expression once: an instruction equal to one that dominates it (same
/// operation, same operands) is replaced by it. A packet load is reused only when no path
/// between the two passes a packet write or a helper that moves the packet.
/// </summary>
internal sealed class CommonSubexpressionElimination : IPass
{
    public bool Run(IrFunction function)
    {
        var writers = function.AllInstructions.Where(WritesPacket).ToHashSet();
        var dominators = new Dominators(function);
        var numbers = new Dictionary<Value, int>(ValueEquality.Instance);
        var seen = new Dictionary<string, List<Instruction>>(StringComparer.Ordinal);
        bool changed = false;
        foreach (var block in function.Blocks)
        {
            foreach (var instruction in block.Instructions.ToList())
            {
                string? key = KeyOf(instruction, numbers);
                if (key is null)
                {
                    continue;
                }

                if (!seen.TryGetValue(key, out var candidates))
                {
                    candidates = [];
                    seen[key] = candidates;
                }

                var earlier = candidates.FirstOrDefault(c => Dominates(c, instruction, dominators)
                    && (instruction is not LoadInstruction || !WriterBetween(c, instruction, writers)));
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

    private static bool WritesPacket(Instruction i) =>
        (i is StoreInstruction s && s.Address.Kind is ValueKind.Packet or ValueKind.Meta or ValueKind.Unknown)
        || i is AtomicInstruction or CallInstruction or KfuncCallInstruction
        || (i is HelperCallInstruction h && BpfHelpers.Of(h.HelperId).ChangesPacketData);

    /// <summary>Whether some path from <paramref name="first"/> to <paramref name="second"/> passes a packet write.</summary>
    private static bool WriterBetween(Instruction first, Instruction second, HashSet<Instruction> writers)
    {
        if (writers.Count == 0)
        {
            return false;
        }

        if (first.Block == second.Block)
        {
            var list = first.Block.Instructions;
            for (int i = list.IndexOf(first) + 1; i < list.IndexOf(second); i++)
            {
                if (writers.Contains(list[i]))
                {
                    return true;
                }
            }

            return false;
        }

        // Blocks on some path first -> second: reachable from first's block and reaching second's block.
        var forward = Reachable(first.Block, b => b.Successors);
        var backward = Reachable(second.Block, b => b.Predecessors);
        foreach (var block in forward.Intersect(backward))
        {
            int start = block == first.Block ? block.Instructions.IndexOf(first) + 1 : 0;
            int end = block == second.Block ? block.Instructions.IndexOf(second) : block.Instructions.Count;
            if (block == first.Block && block == second.Block)
            {
                // A loop brings control back around: the whole block is on the path.
                start = 0;
                end = block.Instructions.Count;
            }

            for (int i = start; i < end; i++)
            {
                if (writers.Contains(block.Instructions[i]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static HashSet<BasicBlock> Reachable(BasicBlock from, Func<BasicBlock, IEnumerable<BasicBlock>> next) =>
        [from, .. BlockReach.From(next(from), next)];

    private static bool Dominates(Instruction first, Instruction second, Dominators dominators) =>
        first.Block.Instructions.Contains(first)
        && (first.Block == second.Block
            ? first.Block.Instructions.IndexOf(first) < second.Block.Instructions.IndexOf(second)
            : dominators.Dominates(first.Block, second.Block));

    private static string? KeyOf(Instruction instruction, Dictionary<Value, int> numbers)
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
            FunctionAddressInstruction f => $"function:{f.Callee.Name}",
            LoadInstruction l when l.Address.Kind is ValueKind.Packet or ValueKind.Meta =>
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
