namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Which stack slots may hold live contents at the same time, so the frame can give slots with
/// disjoint lifetimes the same bytes (clang's frames do this; ours would otherwise grow by every
/// inlined helper's locals). A slot is born where its address is taken (the frontend initializes
/// a slot right after taking its address, so nothing older in it is ever read) and lives to the
/// last use of any value computed from that address: a load or store through it, a call that
/// gets it, pointer arithmetic or a phi that carries it on. A slot whose address is itself
/// stored to memory or returned is not tracked (it may be read through a copy of its address)
/// and is not in <see cref="Tracked"/>: it must get bytes of its own.
/// </summary>
internal sealed class StackSlotInterference
{
    private readonly Dictionary<StackSlot, HashSet<StackSlot>> interference;

    private StackSlotInterference(Dictionary<StackSlot, HashSet<StackSlot>> interference) => this.interference = interference;

    /// <summary>The slots whose lifetimes are known; any other slot interferes with every slot.</summary>
    public IReadOnlyCollection<StackSlot> Tracked => interference.Keys;

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> can be live at once.</summary>
    public bool Interfere(StackSlot a, StackSlot b) =>
        a == b || !interference.TryGetValue(a, out var others) || !interference.ContainsKey(b) || others.Contains(b);

    public static StackSlotInterference Compute(IrFunction function)
    {
        var derived = AddressesOf(function);
        var escaped = Escaped(function, derived);
        var tracked = function.Slots.Where(s => !escaped.Contains(s)).ToHashSet();
        var interference = tracked.ToDictionary(s => s, _ => new HashSet<StackSlot>());
        var liveIn = LiveIn(function, derived, tracked);
        foreach (var block in function.Blocks)
        {
            var live = LiveOut(block, liveIn, derived, tracked);
            for (int i = block.Instructions.Count - 1; i >= 0; i--)
            {
                var instruction = block.Instructions[i];
                var at = new HashSet<StackSlot>(live);
                if (instruction is not PhiInstruction)
                {
                    at.UnionWith(UsedSlots(instruction, derived, tracked));
                }

                if (instruction is StackAddressInstruction { Slot: var born } && tracked.Contains(born))
                {
                    at.Add(born);
                }

                foreach (var slot in at)
                {
                    interference[slot].UnionWith(at);
                }

                Step(instruction, live, derived, tracked);
            }
        }

        return new StackSlotInterference(interference);
    }

    /// <summary>For each value, the slots whose address it may be (or be computed from).</summary>
    private static Dictionary<Value, HashSet<StackSlot>> AddressesOf(IrFunction function)
    {
        var derived = new Dictionary<Value, HashSet<StackSlot>>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var instruction in function.AllInstructions)
            {
                if (!instruction.HasResult || instruction is LoadInstruction or HelperCallInstruction or KfuncCallInstruction)
                {
                    // A load gives what memory holds, and helpers never return a stack address.
                    continue;
                }

                IEnumerable<StackSlot> slots = instruction is StackAddressInstruction s
                    ? [s.Slot]
                    : instruction.Operands.SelectMany(o => derived.TryGetValue(o, out var d) ? d : []);
                foreach (var slot in slots.ToList())
                {
                    if (!derived.TryGetValue(instruction, out var set))
                    {
                        derived[instruction] = set = [];
                    }

                    changed |= set.Add(slot);
                }
            }
        }

        return derived;
    }

    /// <summary>Slots whose address is written to memory or returned, so uses of it cannot be followed.</summary>
    private static HashSet<StackSlot> Escaped(IrFunction function, Dictionary<Value, HashSet<StackSlot>> derived)
    {
        var escaped = new HashSet<StackSlot>();
        foreach (var instruction in function.AllInstructions)
        {
            var leaving = instruction switch
            {
                StoreInstruction store => [store.StoredValue],
                AtomicInstruction atomic => atomic.Operands.Skip(1),
                ReturnTerminator r => r.Operands,
                _ => [],
            };
            foreach (var value in leaving)
            {
                if (derived.TryGetValue(value, out var slots))
                {
                    escaped.UnionWith(slots);
                }
            }
        }

        return escaped;
    }

    private static Dictionary<BasicBlock, HashSet<StackSlot>> LiveIn(IrFunction function, Dictionary<Value, HashSet<StackSlot>> derived, HashSet<StackSlot> tracked)
    {
        var liveIn = function.Blocks.ToDictionary(b => b, _ => new HashSet<StackSlot>());
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int b = function.Blocks.Count - 1; b >= 0; b--)
            {
                var block = function.Blocks[b];
                var live = LiveOut(block, liveIn, derived, tracked);
                for (int i = block.Instructions.Count - 1; i >= 0; i--)
                {
                    Step(block.Instructions[i], live, derived, tracked);
                }

                foreach (var slot in live)
                {
                    changed |= liveIn[block].Add(slot);
                }
            }
        }

        return liveIn;
    }

    /// <summary>Live on exit: what the successors need, with the phi operands that come from this block.</summary>
    private static HashSet<StackSlot> LiveOut(BasicBlock block, Dictionary<BasicBlock, HashSet<StackSlot>> liveIn, Dictionary<Value, HashSet<StackSlot>> derived, HashSet<StackSlot> tracked)
    {
        var live = new HashSet<StackSlot>();
        foreach (var successor in block.Successors)
        {
            live.UnionWith(liveIn[successor]);
            for (int edge = 0; edge < successor.Predecessors.Count; edge++)
            {
                if (successor.Predecessors[edge] != block)
                {
                    continue;
                }

                foreach (var phi in successor.Phis)
                {
                    if (edge < phi.Operands.Count && derived.TryGetValue(phi.Operands[edge], out var slots))
                    {
                        live.UnionWith(slots.Where(tracked.Contains));
                    }
                }
            }
        }

        return live;
    }

    /// <summary>Moves <paramref name="live"/> from after <paramref name="instruction"/> to before it.</summary>
    private static void Step(Instruction instruction, HashSet<StackSlot> live, Dictionary<Value, HashSet<StackSlot>> derived, HashSet<StackSlot> tracked)
    {
        if (instruction is StackAddressInstruction s)
        {
            live.Remove(s.Slot);
        }
        else if (instruction is not PhiInstruction)
        {
            live.UnionWith(UsedSlots(instruction, derived, tracked));
        }
    }

    private static IEnumerable<StackSlot> UsedSlots(Instruction instruction, Dictionary<Value, HashSet<StackSlot>> derived, HashSet<StackSlot> tracked) =>
        instruction.Operands.SelectMany(o => derived.TryGetValue(o, out var slots) ? slots : []).Where(tracked.Contains);
}
