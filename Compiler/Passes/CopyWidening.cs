using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Merges a byte-by-byte (or halfword) copy into the widest loads and stores both sides allow.
/// The frontend unrolls block copies and struct copies by what it knows of the pointers when it
/// reads the IL; a pointer that came through an <c>out</c> parameter or a phi with null is
/// still of unknown kind then, so the copy goes a byte at a time. Once the pointers are
/// promoted and threaded, they are known packet, map value or stack addresses: the packet and
/// map values take any alignment on the targets we build for (as the frontend assumes), the
/// stack needs natural alignment, and every stack slot starts at an 8-byte boundary
/// (<c>FrameLayout</c>). A run is a sequence of loads each stored once, at the same distance,
/// either as load/store pairs (a forward copy) or as all loads then all stores; pairs are only
/// merged when the stores cannot reach bytes the later loads of their chunk read.
/// </summary>
internal sealed class CopyWidening : IPass
{
    private const int MaxWidth = 8;

    public bool Run(IrFunction function)
    {
        var uses = new Dictionary<Value, int>();
        foreach (var operand in function.AllInstructions.SelectMany(i => i.Operands))
        {
            uses[operand] = uses.GetValueOrDefault(operand) + 1;
        }

        bool changed = false;
        foreach (var block in function.Blocks)
        {
            for (int start = 0; start < block.Instructions.Count; start++)
            {
                changed |= WidenAt(block, start, uses);
            }
        }

        return changed;
    }

    private static bool WidenAt(BasicBlock block, int start, Dictionary<Value, int> uses)
    {
        var instructions = block.Instructions;
        if (instructions[start] is not LoadInstruction { SignExtend: false } first || uses.GetValueOrDefault(first) != 1)
        {
            return false;
        }

        bool paired = start + 1 < instructions.Count && instructions[start + 1] is StoreInstruction s && s.StoredValue == first;
        var copy = paired ? PairedRun(instructions, start, uses) : GroupedRun(instructions, start, uses);
        if (copy.Count < 2 || (paired && !ForwardSafe(copy)))
        {
            return false;
        }

        var chunks = Chunks(copy);
        if (chunks.Count == copy.Count)
        {
            return false;
        }

        var loads = chunks.Select(c => new LoadInstruction(first.Address, c.Load, c.Width, false, c.Width == MaxWidth ? IrType.I64 : IrType.I32, ValueKind.Scalar) { Location = first.Location, Block = block }).ToList();
        var stores = chunks.Select((c, i) => new StoreInstruction(copy[0].Store.Address, c.Store, c.Width, loads[i]) { Location = copy[0].Store.Location, Block = block }).ToList();
        var replacement = paired
            ? loads.Zip(stores, (l, st) => new Instruction[] { l, st }).SelectMany(x => x).ToList()
            : [.. loads.Cast<Instruction>(), .. stores];
        int count = copy.Count * 2;
        instructions.RemoveRange(start, count);
        instructions.InsertRange(start, replacement);
        foreach (var load in loads)
        {
            uses[load] = 1;
        }

        return true;
    }

    /// <summary>load, store of it, load, store of it, ... at consecutive offsets on both sides.</summary>
    private static List<(LoadInstruction Load, StoreInstruction Store)> PairedRun(List<Instruction> instructions, int start, Dictionary<Value, int> uses)
    {
        var run = new List<(LoadInstruction, StoreInstruction)>();
        for (int i = start; i + 1 < instructions.Count; i += 2)
        {
            if (instructions[i] is not LoadInstruction load || instructions[i + 1] is not StoreInstruction store
                || store.StoredValue != load || !Continues(run, load, store, uses))
            {
                break;
            }

            run.Add((load, store));
        }

        return run;
    }

    /// <summary>loads at consecutive offsets, then their stores in the same order.</summary>
    private static List<(LoadInstruction Load, StoreInstruction Store)> GroupedRun(List<Instruction> instructions, int start, Dictionary<Value, int> uses)
    {
        int end = start;
        while (end < instructions.Count && instructions[end] is LoadInstruction)
        {
            end++;
        }

        var run = new List<(LoadInstruction, StoreInstruction)>();
        for (int i = 0; start + i < end && end + i < instructions.Count; i++)
        {
            if (instructions[start + i] is not LoadInstruction load || instructions[end + i] is not StoreInstruction store
                || store.StoredValue != load || !Continues(run, load, store, uses))
            {
                break;
            }

            run.Add((load, store));
        }

        // Loads left over before the stores would be read after the merged stores: not a run.
        return run.Count == end - start ? run : [];
    }

    private static bool Continues(List<(LoadInstruction Load, StoreInstruction Store)> run, LoadInstruction load, StoreInstruction store, Dictionary<Value, int> uses)
    {
        if (load.SignExtend || load.Size != store.Size || load.Size > 2 || uses.GetValueOrDefault(load) != 1 || !Widenable(load.Address) || !Widenable(store.Address))
        {
            return false;
        }

        if (run.Count == 0)
        {
            return true;
        }

        var (previousLoad, previousStore) = run[^1];
        return load.Address == previousLoad.Address && store.Address == previousStore.Address
            && load.Size == previousLoad.Size
            && load.Offset == previousLoad.Offset + previousLoad.Size
            && store.Offset == previousStore.Offset + previousStore.Size;
    }

    /// <summary>Memory whose wide accesses the verifier takes: packet and map values at any alignment, the stack at natural alignment.</summary>
    private static bool Widenable(Value address) =>
        address.Kind is ValueKind.Packet or ValueKind.Meta or ValueKind.MapValue || StackBase(address) is not null;

    /// <summary>The offset from an 8-aligned slot start at which the address points, when it is a stack slot's address plus constants.</summary>
    private static long? StackBase(Value address)
    {
        var (root, offset) = AddressParts.Split(address);
        return root is StackAddressInstruction ? offset : null;
    }

    private static List<(int Load, int Store, int Width)> Chunks(List<(LoadInstruction Load, StoreInstruction Store)> copy)
    {
        int size = copy[0].Load.Size;
        int bytes = copy.Count * size;
        int load = copy[0].Load.Offset;
        int store = copy[0].Store.Offset;
        var chunks = new List<(int, int, int)>();
        for (int done = 0; done < bytes;)
        {
            int width = MaxWidth;
            while (width > size && (width > bytes - done || !Aligned(copy[0].Load.Address, load + done, width) || !Aligned(copy[0].Store.Address, store + done, width)))
            {
                width /= 2;
            }

            chunks.Add((load + done, store + done, width));
            done += width;
        }

        return chunks;
    }

    private static bool Aligned(Value address, int offset, int width) =>
        StackBase(address) is not { } slotOffset || (slotOffset + offset) % width == 0;

    /// <summary>
    /// Whether pairs may become wider pairs: the stores must not write what a later load of the
    /// same chunk reads, which holds when source and destination are apart (other memory, other
    /// slots, or at least a chunk apart) or the destination lies below the source.
    /// </summary>
    private static bool ForwardSafe(List<(LoadInstruction Load, StoreInstruction Store)> copy)
    {
        var (sourceRoot, sourceOffset) = AddressParts.Split(copy[0].Load.Address);
        var (destinationRoot, destinationOffset) = AddressParts.Split(copy[0].Store.Address);
        if (Same(sourceRoot, destinationRoot))
        {
            long distance = (destinationOffset + copy[0].Store.Offset) - (sourceOffset + copy[0].Load.Offset);
            return distance <= 0 || distance >= MaxWidth;
        }

        if (sourceRoot is StackAddressInstruction || destinationRoot is StackAddressInstruction)
        {
            // A stack slot is apart from every other slot and from all other memory.
            return true;
        }

        var source = sourceRoot.Kind is ValueKind.Meta ? ValueKind.Packet : sourceRoot.Kind;
        var destination = destinationRoot.Kind is ValueKind.Meta ? ValueKind.Packet : destinationRoot.Kind;
        return source != destination && source is ValueKind.Packet or ValueKind.MapValue && destination is ValueKind.Packet or ValueKind.MapValue;
    }

    private static bool Same(Value a, Value b) =>
        a == b || (a is StackAddressInstruction x && b is StackAddressInstruction y && x.Slot == y.Slot);
}
