using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Block copies and fills (<c>Unsafe.CopyBlock/InitBlock</c>, <c>Buffer.MemoryCopy</c>,
/// <c>NativeMemory.Copy/Clear/Fill</c>, CIL's <c>cpblk</c>/<c>initblk</c>) as clang lowers
/// memmove and memset of a constant size: unrolled, with the widest accesses both sides'
/// alignment allows. BPF has no loop the verifier would accept here without a bound per access,
/// so a size that is not a constant is refused.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary>Unrolling stops here: a larger block would not fit the stack, and on the packet it would be a very long sequence.</summary>
    private const int MaxBlockBytes = 512;

    /// <summary>A copy of <c>arguments[size]</c> bytes from <c>arguments[source]</c> to <c>arguments[destination]</c>; overlapping blocks are moved as memmove does.</summary>
    internal void LowerCopyBlock(int destination, int source, int size, MethodDesc method, List<StackEntry> arguments)
    {
        int bytes = BlockSize(arguments[size].Value, method);
        MoveMemory(arguments[destination].Value, arguments[source].Value, bytes);
    }

    /// <summary><c>Buffer.MemoryCopy(source, destination, destinationSize, count)</c>, which throws when the count exceeds the destination's size.</summary>
    internal void LowerBufferMemoryCopy(MethodDesc method, List<StackEntry> arguments)
    {
        int bytes = BlockSize(arguments[3].Value, method);
        if (arguments[2].Value is not Constant destinationSize)
        {
            throw Error("'Buffer.MemoryCopy' needs a constant destination size: it throws when the count exceeds it, which a BPF program cannot");
        }

        bool fits = method.Parameters[2].IsSigned ? bytes <= destinationSize.Value : (ulong)bytes <= (ulong)destinationSize.Value;
        if (!fits)
        {
            throw Error($"'Buffer.MemoryCopy' copies {bytes} bytes into a destination of {destinationSize.Value}: it would throw, which a BPF program cannot");
        }

        MoveMemory(arguments[1].Value, arguments[0].Value, bytes);
    }

    /// <summary>Sets <c>arguments[size]</c> bytes at <c>arguments[address]</c> to the byte <c>arguments[value]</c>, or to 0 when there is no value argument.</summary>
    internal void LowerFillBlock(int address, int? value, int size, MethodDesc method, List<StackEntry> arguments)
    {
        int bytes = BlockSize(arguments[size].Value, method);
        var fill = value is { } v ? Normalize(arguments[v].Value, types.Byte) : new Constant(0, IrType.I32);
        FillMemory(arguments[address].Value, bytes, fill);
    }

    private void TranslateCopyBlock()
    {
        var size = Pop();
        var source = Pop();
        var destination = Pop();
        MoveMemory(destination.Value, source.Value, BlockSize(size.Value, null));
    }

    private void TranslateInitBlock()
    {
        var size = Pop();
        var value = Pop();
        var address = Pop();
        FillMemory(address.Value, BlockSize(size.Value, null), Normalize(value.Value, types.Byte));
    }

    private int BlockSize(Value size, MethodDesc? method)
    {
        string what = method is null ? $"'{instruction.Mnemonic}'" : $"'{method.DeclaringType.Name}.{method.Name}'";
        if (size is not Constant c)
        {
            throw Error($"{what} needs a constant size: the verifier needs each access's bounds, so the copy is unrolled");
        }

        if (c.Value < 0 || c.Value > MaxBlockBytes)
        {
            string bytes = c.Value < 0 ? "a negative or huge number of" : c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw Error($"{what} of {bytes} bytes: blocks of 0 to {MaxBlockBytes} bytes are unrolled, larger ones are not supported");
        }

        return (int)c.Value;
    }

    /// <summary>
    /// memmove of a constant size. Each access is as wide as both sides' alignment allows; the
    /// order of the accesses keeps overlapping blocks right: forward when the destination is
    /// below the source or the blocks are disjoint, backward when it is above, and all loads
    /// before any store when the compiler cannot tell where the blocks lie.
    /// </summary>
    private void MoveMemory(Value destination, Value source, int size)
    {
        if (size > 0)
        {
            CheckAddress(destination, "write");
            CheckAddress(source, "read");
        }

        var chunks = new List<(int Offset, int Width)>();
        for (int offset = 0; offset < size;)
        {
            int width = Math.Min(ChunkWidth(size - offset, destination, offset, 1), ChunkWidth(size - offset, source, offset, 1));
            chunks.Add((offset, width));
            offset += width;
        }

        switch (Overlap(destination, source, size))
        {
            case BlockOverlap.None or BlockOverlap.DestinationBelow:
                foreach (var (offset, width) in chunks)
                {
                    Emit(new StoreInstruction(destination, offset, width, LoadChunk(source, offset, width)));
                }

                break;
            case BlockOverlap.DestinationAbove:
                for (int c = chunks.Count - 1; c >= 0; c--)
                {
                    var (offset, width) = chunks[c];
                    Emit(new StoreInstruction(destination, offset, width, LoadChunk(source, offset, width)));
                }

                break;
            default:
                var loaded = chunks.Select(chunk => LoadChunk(source, chunk.Offset, chunk.Width)).ToList();
                for (int c = 0; c < chunks.Count; c++)
                {
                    Emit(new StoreInstruction(destination, chunks[c].Offset, chunks[c].Width, loaded[c]));
                }

                break;
        }
    }

    private Value LoadChunk(Value source, int offset, int width) =>
        Emit(new LoadInstruction(source, offset, width, false, width == 8 ? IrType.I64 : IrType.I32, ValueKind.Scalar));

    /// <summary>memset of a constant size with a byte value: the byte is repeated across each access's width.</summary>
    private void FillMemory(Value destination, int size, Value fill)
    {
        if (size > 0)
        {
            CheckAddress(destination, "write");
        }

        if (fill is Constant c)
        {
            FillMemory(destination, 0, size, 1, (byte)c.Value);
            return;
        }

        Value? wide = null;
        Value? narrow = null;
        for (int offset = 0; offset < size;)
        {
            int width = ChunkWidth(size - offset, destination, offset, 1);
            wide ??= MakeBinary(BinaryOp.Mul, Widen(fill, IrType.I64, false), new Constant(0x0101010101010101, IrType.I64), IrType.I64, ValueKind.Scalar);
            var pattern = width == 8 ? wide : narrow ??= Widen(wide, IrType.I32, false);
            Emit(new StoreInstruction(destination, offset, width, pattern));
            offset += width;
        }
    }

    /// <summary>Where a destination block lies against a source block of <paramref name="size"/> bytes, as far as the compiler can tell.</summary>
    private static BlockOverlap Overlap(Value destination, Value source, int size)
    {
        var (destinationRoot, destinationOffset) = AddressParts.Split(destination);
        var (sourceRoot, sourceOffset) = AddressParts.Split(source);
        if (ReferenceEquals(destinationRoot, sourceRoot))
        {
            long distance = destinationOffset - sourceOffset;
            return Math.Abs(distance) >= size ? BlockOverlap.None
                : distance <= 0 ? BlockOverlap.DestinationBelow
                : BlockOverlap.DestinationAbove;
        }

        if (destinationRoot is StackAddressInstruction a && sourceRoot is StackAddressInstruction b)
        {
            return a.Slot == b.Slot ? BlockOverlap.Unknown : BlockOverlap.None;
        }

        // The stack, the packet (with its metadata before it) and map values are separate
        // memory; two map values may be one element, two packet pointers anything.
        return destination.Kind != source.Kind && IsMemoryKind(destination.Kind) && IsMemoryKind(source.Kind)
            && !(destination.Kind is ValueKind.Packet or ValueKind.Meta && source.Kind is ValueKind.Packet or ValueKind.Meta)
            ? BlockOverlap.None
            : BlockOverlap.Unknown;
    }

    private static bool IsMemoryKind(ValueKind kind) => kind is ValueKind.Stack or ValueKind.Packet or ValueKind.Meta or ValueKind.MapValue;

    private enum BlockOverlap
    {
        None,
        DestinationBelow,
        DestinationAbove,
        Unknown,
    }
}
