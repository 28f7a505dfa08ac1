using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Reads of kernel structs through <c>[KernelType]</c> views, each with a CO-RE field-offset relocation: a field of
/// the struct a pointer points to, or a field beneath it through embedded structs and constant array elements
/// (<c>tcp->Connection.Inet.Sock.Common.DestinationIPv6.Words.Word[3]</c>), all one relocated load.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary><c>p->Field</c>, or <c>path.Field</c>, on a <c>[KernelType]</c> struct.</summary>
    private void TranslateLoadKernelField(StackEntry entry, FieldDesc field)
    {
        var (pointer, access) = KernelFieldPath(entry, field);
        Push(LoadKernel(pointer, access, field.FieldType), field.FieldType);
    }

    /// <summary><c>&amp;p->Member</c> of a struct or array member: a path a later read folds into its relocation.</summary>
    private void TranslateKernelFieldAddress(StackEntry entry, FieldDesc field)
    {
        if (field.FieldType.KernelName is null && field.FieldType.FixedBufferElement is null)
        {
            throw KernelFieldMisuse(field, "taking the address of");
        }

        var (pointer, access) = KernelFieldPath(entry, field);
        Push(KernelAddress(pointer, access), types.ByRefTo(field.FieldType));
    }

    /// <summary>
    /// A number added to (or taken from) the address of a kernel array's element, as C# indexes a fixed buffer: a
    /// constant moves the path to another element; a value known only at run time (a loop counter) gives an address
    /// whose element <see cref="TryLoadKernelElement"/> leaves for the passes to make a constant. True when
    /// <paramref name="left"/> or <paramref name="right"/> is such an address.
    /// </summary>
    private bool TryMoveKernelElement(BinaryOp op, StackEntry left, StackEntry right)
    {
        bool onLeft = KernelPath.Of(left.Value) is not null;
        var path = KernelPath.Of(left.Value) ?? (op == BinaryOp.Add ? KernelPath.Of(right.Value) : null);
        if (path is null)
        {
            return false;
        }

        var (address, offset) = onLeft ? (left, right.Value) : (right, left.Value);
        var step = path.Access.Steps[^1];
        if (!step.IsArray || op is not (BinaryOp.Add or BinaryOp.Sub))
        {
            throw Error($"arithmetic on the address of kernel field '{path.Access}': kernel structs are read one [KernelType] field at a time, and their arrays element by element");
        }

        int elementSize = step.Target.Size;
        if (offset is Constant { Value: var bytes })
        {
            if (bytes % elementSize != 0)
            {
                throw Error($"the address of an element of '{path.Access.ArrayName}' moves by {bytes} bytes, not a whole number of its {elementSize}-byte elements: kernel arrays are read element by element");
            }

            int elements = (int)(bytes / elementSize) * (op == BinaryOp.Sub ? -1 : 1);
            int index = step.Element!.Value + elements;
            int length = step.Field.FieldType.Size / elementSize;
            if (index < 0 || index >= length)
            {
                throw Error($"element {index} of '{path.Access.ArrayName}' is outside the array's {length} elements");
            }

            Push(KernelAddress(path.Pointer, path.Access.MoveElement(elements)), address.Type);
            return true;
        }

        if (op == BinaryOp.Sub || programKind?.ReadsKernelStructsDirectly() != true)
        {
            throw Error($"'{path.Access.ArrayName}' is indexed by a value known only at run time: the verifier takes only constant offsets into kernel structs, and CO-RE relocates each element by its index, so index kernel arrays with constants");
        }

        Push(MakeBinary(BinaryOp.Add, address.Value, offset, IrType.I64, ValueKind.Kernel), address.Type);
        return true;
    }

    /// <summary>
    /// <c>*p</c> (ldind, ldobj) or the fixed buffer's element field, where <paramref name="address"/> is a kernel array
    /// element's address: the element, or a load the passes resolve once its index is a constant. False when it is
    /// not such an address.
    /// </summary>
    private bool TryLoadKernelElement(Value address, TypeDesc type)
    {
        var (path, byteOffset) = KernelPath.Of(address) is { } direct ? (direct, null)
            : address is BinaryInstruction { Op: BinaryOp.Add, Left: var array, Right: var offset } && KernelPath.Of(array) is { } indexed ? (indexed, offset)
            : (null, (Value?)null);
        if (path is null || !path.Access.Steps[^1].IsArray)
        {
            return false;
        }

        if (type.Underlying.Size != path.Access.Target.Size)
        {
            throw Error($"'{path.Access}' is a {path.Access.Target.Size}-byte element, read here as {type.Underlying.Size} bytes: read each element whole, as CO-RE relocates each by its index");
        }

        if (byteOffset is null)
        {
            Push(LoadKernel(path.Pointer, path.Access, type), type);
            return true;
        }

        var (size, signed, irType, kind) = KernelValue(path.Access, type);
        Push(Emit(new KernelElementLoadInstruction(path.Pointer, path.Access, byteOffset, size, signed, irType, kind)), type);
        return true;
    }

    /// <summary>The pointer a read of <paramref name="field"/> starts from, and the path from what it points to down to the field.</summary>
    private (Value Pointer, KernelFieldAccess Access) KernelFieldPath(StackEntry entry, FieldDesc field)
    {
        if (KernelPath.Of(entry.Value) is { } path)
        {
            return (path.Pointer, path.Access.Then(field));
        }

        var structure = field.DeclaringType;
        if (entry.Value.Kind != ValueKind.Kernel || !entry.Type.IsPointerLike)
        {
            throw Error($"'{structure.Name}.{field.Name}' is read through a pointer the program got from the kernel (an argument of a tracing program, a socket cast, another kernel field); a copy of a [KernelType] struct in the program's own memory has no kernel layout to relocate against");
        }

        return (entry.Value, KernelFieldAccess.Of(structure, field));
    }

    /// <summary>The address <paramref name="access"/> reaches from <paramref name="pointer"/>: the pointer plus the relocated offset.</summary>
    private Value KernelAddress(Value pointer, KernelFieldAccess access) =>
        MakeBinary(BinaryOp.Add, pointer, Emit(new KernelFieldOffsetInstruction(access)), IrType.I64, ValueKind.Kernel);

    /// <summary>
    /// The field <paramref name="access"/> reaches. Where the kernel types the program's pointers by BTF (everywhere but
    /// kprobe, kretprobe and raw_tp) it is one load, as clang compiles a <c>preserve_access_index</c> struct's field;
    /// elsewhere the field is copied to the stack with bpf_probe_read_kernel from the pointer plus the relocated
    /// offset, as <c>BPF_CORE_READ</c> does.
    /// </summary>
    private Value LoadKernel(Value pointer, KernelFieldAccess access, TypeDesc type)
    {
        if (programKind is not { } kind)
        {
            throw Error($"reading '{access.Field.DeclaringType.Name}.{access.Field.Name}' of kernel struct '{access.Field.DeclaringType.KernelName}' in a [MethodImpl(NoInlining)] subprogram: kernel fields are read in the program itself or in inlined methods, since how they are read depends on the program type");
        }

        var (size, signed, irType, resultKind) = KernelValue(access, type);
        if (kind.ReadsKernelStructsDirectly())
        {
            return Emit(new KernelFieldLoadInstruction(pointer, access, size, signed, irType, resultKind));
        }

        var copy = NewTemporary(type);
        var offset = Emit(new KernelFieldOffsetInstruction(access));
        var source = MakeBinary(BinaryOp.Add, pointer, offset, IrType.I64, ValueKind.Kernel);
        Emit(new HelperCallInstruction(BpfHelper.ProbeReadKernel, [copy, new Constant(size, IrType.I64), source], IrType.I64, ValueKind.Scalar, false));
        return Emit(new LoadInstruction(copy, 0, size, signed, irType, resultKind));
    }

    /// <summary>How a kernel field of <paramref name="type"/> is loaded: an integer or a pointer of 1, 2, 4 or 8 bytes, never a whole struct.</summary>
    private (int Size, bool Signed, IrType Type, ValueKind Kind) KernelValue(KernelFieldAccess access, TypeDesc type)
    {
        var underlying = type.Underlying;
        if (!(underlying.IsInteger || underlying.Kind == TypeKind.Pointer) || underlying.Size is not (1 or 2 or 4 or 8))
        {
            throw Error($"'{access}' of kernel struct '{access.Root.KernelName}' is a '{type.FullName}', which cannot be copied out of the kernel: read the integer and pointer fields beneath it one at a time (each is a CO-RE relocation)");
        }

        // A pointer to a kernel struct is followed through its fields; any other pointer (skb->head) is a number
        // to the verifier, from a BTF load as from bpf_probe_read_kernel, which the program may compare and keep.
        var kind = underlying.Kind == TypeKind.Pointer && underlying.Element?.KernelName is not null ? ValueKind.Kernel : ValueKind.Scalar;
        return (underlying.Size, underlying.Kind is TypeKind.SByte or TypeKind.Int16, IrTypeOf(underlying), kind);
    }

    /// <summary>Kernel memory is read one relocated field at a time and never written: the message says so at the offending line.</summary>
    private CompileException KernelFieldMisuse(FieldDesc field, string what) =>
        Error($"{what} '{field.DeclaringType.Name}.{field.Name}' of kernel struct '{field.DeclaringType.KernelName}': programs read kernel fields one at a time by value (each read is a CO-RE relocation) and never write kernel memory");
}
