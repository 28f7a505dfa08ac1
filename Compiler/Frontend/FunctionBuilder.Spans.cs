using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// <c>Span&lt;T&gt;</c> and <c>ReadOnlySpan&lt;T&gt;</c> of unmanaged T as (pointer, length)
/// pairs. A span lives where any struct does, in a stack slot, but the slot is never touched:
/// the compiler follows its two parts as SSA variables keyed by the slot, so the pointer keeps
/// its kind (packet, stack, map value) and a length built from constants stays a constant.
/// .NET checks every index, slice and copy and throws when one is out of range; a BPF program
/// cannot throw, so each check must be proven at compile time (constant lengths, constant or
/// masked indexes) or the construct is refused at its line.
/// </summary>
internal sealed partial class FunctionBuilder
{
    private const string SpanType = "System.Span`1<";
    private const string ReadOnlySpanType = "System.ReadOnlySpan`1<";

    private readonly Dictionary<StackSlot, (SsaVariable Pointer, SsaVariable Length)> spans = [];

    /// <summary>The parts of spans left on the evaluation stack at a block's end, per frame and depth.</summary>
    private readonly Dictionary<(InlineFrame Frame, int Depth), (SsaVariable Pointer, SsaVariable Length)> stackSpans = [];

    /// <summary>RVA fields whose handles <c>ldtoken</c> pushed, for <c>RuntimeHelpers.CreateSpan</c>.</summary>
    private readonly Dictionary<Value, FieldDesc> fieldTokens = [];

    internal static bool IsSpan(TypeDesc type) =>
        type.Kind == TypeKind.Struct
        && (type.FullName.StartsWith(SpanType, StringComparison.Ordinal) || type.FullName.StartsWith(ReadOnlySpanType, StringComparison.Ordinal));

    /// <summary><c>new Span&lt;T&gt;(void* pointer, int length)</c>, also what <c>stackalloc</c> into a span compiles to.</summary>
    internal void LowerSpanFromPointer(MethodDesc method, List<StackEntry> arguments)
    {
        var length = Normalize(arguments[2].Value, types.Int32);
        RequireNonNegativeLength(length, method);
        WriteSpan(arguments[0].Value, new SpanParts(arguments[1].Value, length));
    }

    /// <summary><c>new Span&lt;T&gt;(ref T)</c>: a span of the one element.</summary>
    internal void LowerSpanFromReference(MethodDesc method, List<StackEntry> arguments) =>
        WriteSpan(arguments[0].Value, new SpanParts(arguments[1].Value, new Constant(1, IrType.I32)));

    /// <summary><c>MemoryMarshal.CreateSpan/CreateReadOnlySpan(ref T, int length)</c>.</summary>
    internal void LowerCreateSpan(MethodDesc method, List<StackEntry> arguments)
    {
        var length = Normalize(arguments[1].Value, types.Int32);
        RequireNonNegativeLength(length, method);
        PushSpan(method.ReturnType, new SpanParts(arguments[0].Value, length));
    }

    /// <summary><c>RuntimeHelpers.CreateSpan&lt;T&gt;(ldtoken field)</c>: C#'s constant table of T wider than a byte, read from .rodata.</summary>
    internal void LowerCreateSpanFromData(MethodDesc method, List<StackEntry> arguments)
    {
        var element = SpanElement(method.ReturnType);
        if (!fieldTokens.TryGetValue(arguments[0].Value, out var field) || field.InitialData is not { } data)
        {
            throw Error("'RuntimeHelpers.CreateSpan' needs the handle of constant data ('ldtoken' of a field the C# compiler wrote)");
        }

        PushSpan(method.ReturnType, new SpanParts(arguments[0].Value, new Constant(data.Length / element.Size, IrType.I32)));
    }

    /// <summary><c>Span&lt;T&gt;.Empty</c>.</summary>
    internal void LowerEmptySpan(MethodDesc method, List<StackEntry> arguments) =>
        PushSpan(method.ReturnType, SpanParts.Empty);

    /// <summary>The implicit conversion of a <c>Span&lt;T&gt;</c> to a <c>ReadOnlySpan&lt;T&gt;</c>: the same pair.</summary>
    internal void LowerSpanConversion(MethodDesc method, List<StackEntry> arguments) =>
        PushSpan(method.ReturnType, ReadSpan(arguments[0].Value));

    internal void LowerSpanLength(MethodDesc method, List<StackEntry> arguments) =>
        Push(ReadSpan(arguments[0].Value).Length, types.Int32);

    internal void LowerSpanIsEmpty(MethodDesc method, List<StackEntry> arguments)
    {
        var length = ReadSpan(arguments[0].Value).Length;
        Push(length is Constant c ? new Constant(c.Value == 0 ? 1 : 0, IrType.I32) : Emit(new CompareInstruction(Condition.Eq, length, new Constant(0, IrType.I32), IrType.I32)), types.Boolean);
    }

    /// <summary>The indexer, <c>span[i]</c>: a reference to element i, which must be provably below the length.</summary>
    internal void LowerSpanItem(MethodDesc method, List<StackEntry> arguments)
    {
        var span = ReadSpan(arguments[0].Value);
        var index = Normalize(arguments[1].Value, types.Int32);
        if (index is Constant && span.Length is Constant && !IsProvablyWithin(index, null, span.Length, strictlyBelow: true))
        {
            throw Error(SpanBoundsCheckInstruction.IndexOutOfRange(Describe(index), Describe(span.Length)));
        }

        if (index is not Constant && (span.Pointer.Kind is not (ValueKind.Stack or ValueKind.MapValue) || !IsProvablyWithin(index, null, span.Length, strictlyBelow: true)))
        {
            // A loop counter is a phi whose back edge is not read yet, and the span's pointer
            // may be one too: the passes prove the check once the loop is unrolled or its exit
            // test bounds the counter, or it is refused.
            Emit(new SpanBoundsCheckInstruction(span.Pointer, index, span.Length, frame.Method.FullName));
        }

        Push(ElementAddress(span, index, SpanElement(arguments[0].Type).Size), method.ReturnType);
    }

    /// <summary><c>Slice(start)</c> and <c>Slice(start, length)</c> (and C#'s ranges, <c>span[a..b]</c>).</summary>
    internal void LowerSpanSlice(MethodDesc method, List<StackEntry> arguments)
    {
        var span = ReadSpan(arguments[0].Value);
        var start = Normalize(arguments[1].Value, types.Int32);
        var length = arguments.Count > 2
            ? Normalize(arguments[2].Value, types.Int32)
            : MakeBinary(BinaryOp.Sub, span.Length, start, IrType.I32, ValueKind.Scalar);
        var count = arguments.Count > 2 ? length : null;
        if (!IsProvablyWithin(start, count, span.Length, strictlyBelow: false))
        {
            string what = count is null ? Describe(start) : $"{Describe(start)} + {Describe(count)}";
            throw Error($"'Slice' is not provably inside the span ({what} against a length of {Describe(span.Length)}): .NET would throw ArgumentOutOfRangeException, which a BPF program cannot; slice a span of constant length with constants");
        }

        if (span.Pointer.Kind is ValueKind.Packet or ValueKind.Meta && start is not Constant)
        {
            throw Error(SpanBoundsCheckInstruction.VariablePacketOffset);
        }

        PushSpan(method.ReturnType, new SpanParts(ElementAddress(span, start, SpanElement(arguments[0].Type).Size), length));
    }

    /// <summary><c>source.CopyTo(destination)</c>: memmove of a constant length, refused when the destination may be shorter.</summary>
    internal void LowerSpanCopyTo(MethodDesc method, List<StackEntry> arguments)
    {
        var source = ReadSpan(arguments[0].Value);
        var destination = ReadSpan(arguments[1].Value);
        int count = ConstantLength(source, method);
        if (destination.ConstantLength is not { } room || room < count)
        {
            throw Error($"'{method.DeclaringType.Name}.CopyTo' copies {count} elements into a span of {Describe(destination.Length)}: .NET throws ArgumentException when the destination is shorter, which a BPF program cannot; copy into a span of constant length at least {count}");
        }

        int bytes = BlockSize(new Constant((long)count * SpanElement(arguments[0].Type).Size, IrType.I32), method);
        MoveMemory(destination.Pointer, source.Pointer, bytes);
    }

    /// <summary><c>Span&lt;T&gt;.Clear()</c>: zeros, unrolled.</summary>
    internal void LowerSpanClear(MethodDesc method, List<StackEntry> arguments)
    {
        var span = ReadSpan(arguments[0].Value);
        int bytes = BlockSize(new Constant((long)ConstantLength(span, method) * SpanElement(arguments[0].Type).Size, IrType.I32), method);
        FillMemory(span.Pointer, bytes, new Constant(0, IrType.I32));
    }

    /// <summary><c>Span&lt;T&gt;.Fill(value)</c>: memset for bytes, else one store of the value per element.</summary>
    internal void LowerSpanFill(MethodDesc method, List<StackEntry> arguments)
    {
        var span = ReadSpan(arguments[0].Value);
        var element = SpanElement(arguments[0].Type);
        int count = ConstantLength(span, method);
        BlockSize(new Constant((long)count * element.Size, IrType.I32), method);
        if (element.Size == 1)
        {
            FillMemory(span.Pointer, count, Normalize(arguments[1].Value, types.Byte));
            return;
        }

        for (int i = 0; i < count; i++)
        {
            StoreToMemory(AddOffset(span.Pointer, i * element.Size), element, arguments[1]);
        }
    }

    /// <summary>
    /// <c>MemoryExtensions.SequenceEqual</c> of integer elements: false at once when the lengths
    /// differ, else the widest loads of both sides xor-ed and or-ed together, one test at the end
    /// (no branch per chunk for the verifier to walk).
    /// </summary>
    internal void LowerSequenceEqual(MethodDesc method, List<StackEntry> arguments)
    {
        var left = ReadSpan(arguments[0].Value);
        var right = ReadSpan(arguments[1].Value);
        int leftCount = ConstantLength(left, method);
        int rightCount = ConstantLength(right, method);
        if (leftCount != rightCount)
        {
            Push(new Constant(0, IrType.I32), types.Boolean);
            return;
        }

        int bytes = BlockSize(new Constant((long)leftCount * SpanElement(arguments[0].Type).Size, IrType.I32), method);
        if (bytes > 0)
        {
            CheckAddress(left.Pointer, "read");
            CheckAddress(right.Pointer, "read");
        }

        Value difference = new Constant(0, IrType.I64);
        for (int offset = 0; offset < bytes;)
        {
            int width = Math.Min(ChunkWidth(bytes - offset, left.Pointer, offset, 1), ChunkWidth(bytes - offset, right.Pointer, offset, 1));
            var chunk = MakeBinary(BinaryOp.Xor, LoadChunk(left.Pointer, offset, width), LoadChunk(right.Pointer, offset, width), width == 8 ? IrType.I64 : IrType.I32, ValueKind.Scalar);
            difference = MakeBinary(BinaryOp.Or, difference, Widen(chunk, IrType.I64, false), IrType.I64, ValueKind.Scalar);
            offset += width;
        }

        var zero = new Constant(0, IrType.I64);
        Push(difference is Constant d ? new Constant(d.Value == 0 ? 1 : 0, IrType.I32) : Emit(new CompareInstruction(Condition.Eq, difference, zero, IrType.I64)), types.Boolean);
    }

    /// <summary><c>GetPinnableReference</c> (<c>fixed (byte* p = span)</c>): the first element, or null for an empty span.</summary>
    internal void LowerSpanPinnableReference(MethodDesc method, List<StackEntry> arguments)
    {
        var span = ReadSpan(arguments[0].Value);
        Push(ConstantLength(span, method) == 0 ? new Constant(0, IrType.I64) : span.Pointer, method.ReturnType);
    }

    /// <summary><c>MemoryMarshal.GetReference(span)</c>: the address of the first element, whatever the length.</summary>
    internal void LowerSpanReference(MethodDesc method, List<StackEntry> arguments) =>
        Push(ReadSpan(arguments[0].Value).Pointer, method.ReturnType);

    /// <summary><c>BinaryPrimitives.Read{Int,UInt}{16,32,64}{Big,Little}Endian(span)</c>: an unaligned load, swapped for big endian.</summary>
    internal void LowerBinaryRead(bool bigEndian, MethodDesc method, List<StackEntry> arguments)
    {
        var type = method.ReturnType;
        var span = ReadSpan(arguments[0].Value);
        RequireRoomFor(span, type, method);
        var value = LoadUnaligned(span.Pointer, type);
        Push(bigEndian ? ReverseEndianness(type, value) : value, type);
    }

    /// <summary><c>BinaryPrimitives.Write{Int,UInt}{16,32,64}{Big,Little}Endian(span, value)</c>.</summary>
    internal void LowerBinaryWrite(bool bigEndian, MethodDesc method, List<StackEntry> arguments)
    {
        var type = method.Parameters[1];
        var span = ReadSpan(arguments[0].Value);
        RequireRoomFor(span, type, method);
        var value = Normalize(arguments[1].Value, type);
        StoreUnaligned(span.Pointer, type, bigEndian ? ReverseEndianness(type, value) : value);
    }

    /// <summary><c>MemoryMarshal.Read&lt;T&gt;(bytes)</c>: the T at the span's start, which must have room for it; as <c>Unsafe.ReadUnaligned</c>.</summary>
    internal void LowerMarshalRead(MethodDesc method, List<StackEntry> arguments)
    {
        var type = method.GenericArguments[0];
        RequireUnmanaged(type, "'MemoryMarshal.Read' type");
        var span = ReadSpan(arguments[0].Value);
        RequireRoomFor(span, type, method);
        PushUnaligned(span.Pointer, type);
    }

    /// <summary><c>MemoryMarshal.Write&lt;T&gt;(bytes, in value)</c>: the T, passed by reference, stored at the span's start.</summary>
    internal void LowerMarshalWrite(MethodDesc method, List<StackEntry> arguments)
    {
        var type = method.GenericArguments[0];
        RequireUnmanaged(type, "'MemoryMarshal.Write' type");
        var span = ReadSpan(arguments[0].Value);
        RequireRoomFor(span, type, method);
        var source = arguments[1].Value;
        if (type.Kind == TypeKind.Struct)
        {
            CheckAddress(span.Pointer, "write");
            MoveMemory(span.Pointer, source, type.Size);
            return;
        }

        StoreUnaligned(span.Pointer, type, method.Parameters[1].Kind == TypeKind.ByRef ? Load(source, 0, type) : Normalize(source, type));
    }

    /// <summary><c>MemoryMarshal.AsBytes(span)</c>: the same memory as bytes, Length times sizeof(T) of them.</summary>
    internal void LowerMarshalAsBytes(MethodDesc method, List<StackEntry> arguments) =>
        Reinterpret(method, arguments, method.GenericArguments[0], 1);

    /// <summary><c>MemoryMarshal.Cast&lt;TFrom, TTo&gt;(span)</c>: the same memory as TTo, as many whole ones as fit, as .NET counts them.</summary>
    internal void LowerMarshalCast(MethodDesc method, List<StackEntry> arguments)
    {
        var to = method.GenericArguments[1];
        RequireUnmanaged(to, "'MemoryMarshal.Cast' target type");
        Reinterpret(method, arguments, method.GenericArguments[0], to.Size);
    }

    private void Reinterpret(MethodDesc method, List<StackEntry> arguments, TypeDesc from, int toSize)
    {
        RequireUnmanaged(from, $"'MemoryMarshal.{method.Name}' source type");
        var span = ReadSpan(arguments[0].Value);
        long bytes = (long)ConstantLength(span, method) * from.Size;
        PushSpan(method.ReturnType, new SpanParts(span.Pointer, new Constant(bytes / toSize, IrType.I32)));
    }

    /// <summary><c>ldtoken</c> of a field: only the constant data C# hands to <c>RuntimeHelpers.CreateSpan</c>.</summary>
    private void TranslateLoadToken()
    {
        if (instruction.Field is not { InitialData: not null } field)
        {
            throw Error("'ldtoken' (typeof, reflection, array initializers) is not supported in BPF programs");
        }

        var address = Emit(new GlobalAddressInstruction(globals.GlobalFor(field, location)));
        fieldTokens[address] = field;
        Push(address, types.IntPtr);
    }

    /// <summary>
    /// A span left on the evaluation stack where control flow meets (<c>c ? a : b</c>): its
    /// parts go through SSA variables of that stack position, so the merge makes phis of them.
    /// </summary>
    private void LeavingSpan(int depth, StackEntry entry)
    {
        var parts = ReadSpan(Resolve(entry.Value));
        var (pointer, length) = StackSpanVariables(depth);
        ssa.Write(pointer, current, parts.Pointer);
        ssa.Write(length, current, parts.Length);
    }

    /// <summary>The span a predecessor left at <paramref name="depth"/>, in a new slot of this block.</summary>
    private StackEntry ArrivingSpan(int depth, TypeDesc type)
    {
        var (pointer, length) = StackSpanVariables(depth);
        var home = NewTemporary(type);
        WriteSpan(home, new SpanParts(ssa.Read(pointer, current), ssa.Read(length, current)));
        return new StackEntry(home, type);
    }

    private (SsaVariable Pointer, SsaVariable Length) StackSpanVariables(int depth)
    {
        if (!stackSpans.TryGetValue((frame, depth), out var variables))
        {
            variables = (new SsaVariable($"stack{depth}.pointer", IrType.I64, ValueKind.Unknown), new SsaVariable($"stack{depth}.length", IrType.I32, ValueKind.Scalar));
            stackSpans[(frame, depth)] = variables;
        }

        return variables;
    }

    /// <summary>A new span value on the evaluation stack, in a slot of its own.</summary>
    private void PushSpan(TypeDesc type, SpanParts parts)
    {
        var home = NewTemporary(type);
        WriteSpan(home, parts);
        Push(home, type);
    }

    /// <summary>Makes <paramref name="home"/>, a new stack slot for a span, one whose parts the compiler follows.</summary>
    private void TrackSpan(Value home, string name)
    {
        var slot = ((StackAddressInstruction)home).Slot;
        spans[slot] = (new SsaVariable($"{name}.pointer", IrType.I64, ValueKind.Unknown), new SsaVariable($"{name}.length", IrType.I32, ValueKind.Scalar));
    }

    private void WriteSpan(Value home, SpanParts parts)
    {
        var (pointer, length) = SpanVariables(home);
        ssa.Write(pointer, current, parts.Pointer);
        ssa.Write(length, current, parts.Length);
    }

    private SpanParts ReadSpan(Value home)
    {
        var (pointer, length) = SpanVariables(home);
        return new SpanParts(ssa.Read(pointer, current), ssa.Read(length, current));
    }

    private (SsaVariable Pointer, SsaVariable Length) SpanVariables(Value home) =>
        home is StackAddressInstruction address && spans.TryGetValue(address.Slot, out var variables)
            ? variables
            : throw Error("a span is used through memory the compiler does not follow (a span in a field, behind a pointer, or passed to a [MethodImpl(NoInlining)] subprogram); keep spans in locals and pass them to inlined methods, so that their lengths stay known");

    /// <summary>T of a span, or of the span a reference (an instance method's <c>this</c>) points at.</summary>
    private TypeDesc SpanElement(TypeDesc span)
    {
        var element = (span.Kind == TypeKind.ByRef ? span.Element! : span).GenericArguments[0];
        RequireUnmanaged(element, $"'{span.Name}' element");
        return element;
    }

    private int ConstantLength(SpanParts span, MethodDesc method) =>
        span.ConstantLength ?? throw Error($"'{method.DeclaringType.Name}.{method.Name}' needs a span of constant length: the verifier needs each access's bounds, so the work is unrolled");

    private void RequireNonNegativeLength(Value length, MethodDesc method)
    {
        if (MaxIndex(length) is not <= int.MaxValue)
        {
            throw Error($"'{method.DeclaringType.Name}' of a length that may be negative ({Describe(length)}): .NET would throw ArgumentOutOfRangeException, which a BPF program cannot");
        }
    }

    private void RequireRoomFor(SpanParts span, TypeDesc type, MethodDesc method)
    {
        if (span.ConstantLength is not { } length || length < type.Size)
        {
            throw Error($"'{method.DeclaringType.Name}.{method.Name}' needs a span of constant length of at least {type.Size} bytes (it has {Describe(span.Length)}): .NET throws ArgumentOutOfRangeException when it is shorter, which a BPF program cannot");
        }
    }

    /// <summary>
    /// Whether <c>start (+ count)</c> is certainly below (or at most) the span's length as
    /// unsigned numbers, as .NET checks it: the length must be a constant, the others constants
    /// or values of a known range.
    /// </summary>
    private static bool IsProvablyWithin(Value start, Value? count, Value length, bool strictlyBelow)
    {
        if (length is not Constant { Value: >= 0 } limit || MaxIndex(start) is not { } maxStart)
        {
            return false;
        }

        ulong maxCount = 0;
        if (count is not null)
        {
            if (MaxIndex(count) is not { } m)
            {
                return false;
            }

            maxCount = m;
        }

        ulong end = maxStart + maxCount;
        return strictlyBelow ? end < (ulong)limit.Value : end <= (ulong)limit.Value;
    }

    /// <summary>
    /// The largest unsigned value of an I32 index, or null when the compiler cannot bound it.
    /// The IL is still being read, so a phi may lack the operands of edges not yet translated (a
    /// loop's back edge): a value that depends on a phi is bounded only by its own mask or
    /// extension, never by what the phi holds so far. C#'s <c>b &gt;&gt; n</c> of a byte, an
    /// arithmetic shift of a value whose sign bit is clear, counts as a logical one.
    /// </summary>
    private static ulong? MaxIndex(Value index) => index switch
    {
        Constant c => (uint)(int)c.Value,
        BinaryInstruction { Op: BinaryOp.And, Type: IrType.I32, Right: Constant { Value: >= 0 } mask } => (uint)(int)mask.Value,
        BinaryInstruction { Op: BinaryOp.Shr or BinaryOp.ShrUn, Type: IrType.I32, Right: Constant { Value: >= 0 and < 32 } shift } shr
            when MaxIndex(shr.Left) is <= int.MaxValue and { } max => max >> (int)shift.Value,
        _ when !DependsOnPhi(index, 0) => ValueRange.MaxUnsigned(index),
        _ => null,
    };

    /// <summary>
    /// Whether <see cref="ValueRange"/> would bound a value through a phi (assumed so beyond a
    /// depth); a narrow load, a comparison, a byte swap or a narrow extension is bounded by its
    /// width whatever its operands are.
    /// </summary>
    private static bool DependsOnPhi(Value value, int depth) => value switch
    {
        PhiInstruction => true,
        LoadInstruction or CompareInstruction or ByteSwapInstruction => false,
        ConvertInstruction { Op: ConvertOp.ZeroExtend8 or ConvertOp.ZeroExtend16 } => false,
        Instruction instruction => depth > 10 || instruction.Operands.Any(operand => DependsOnPhi(operand, depth + 1)),
        _ => false,
    };

    /// <summary>The address of element <paramref name="index"/> (proven in range, or checked by a <see cref="SpanBoundsCheckInstruction"/>).</summary>
    private Value ElementAddress(SpanParts span, Value index, int elementSize)
    {
        if (index is Constant c)
        {
            return AddOffset(span.Pointer, (int)c.Value * elementSize);
        }

        var offset = Widen(index, IrType.I64, false);
        if (elementSize != 1)
        {
            offset = MakeBinary(BinaryOp.Mul, offset, new Constant(elementSize, IrType.I64), IrType.I64, ValueKind.Scalar);
        }

        return MakeBinary(BinaryOp.Add, span.Pointer, offset, IrType.I64, span.Pointer.Kind);
    }

    private static string Describe(Value value) => value switch
    {
        Constant c => c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ when MaxIndex(value) is { } max => $"a value up to {max}",
        _ => "a value known only at run time",
    };
}
