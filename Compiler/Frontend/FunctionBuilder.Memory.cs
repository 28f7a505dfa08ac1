using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Loads, stores, fields, struct copies and stack allocation.</summary>
internal sealed partial class FunctionBuilder
{
    private Value Load(Value address, int offset, TypeDesc type)
    {
        CheckAddress(address, "read");
        var underlying = type.Underlying;
        if (underlying.Kind is TypeKind.Single or TypeKind.Double)
        {
            throw Error($"reading a '{underlying.Name}' is not supported: BPF has no floating point");
        }

        if (underlying.Kind is TypeKind.Class or TypeKind.Other)
        {
            throw Error($"reading a reference of type '{type.FullName}' from memory is not supported in BPF programs");
        }

        int size = underlying.Size;
        bool signed = underlying.Kind is TypeKind.SByte or TypeKind.Int16;
        var irType = IrTypeOf(underlying);
        var kind = underlying.IsPointerLike ? ValueKind.Unknown : ValueKind.Scalar;
        return Emit(new LoadInstruction(address, offset, size, signed, irType, kind));
    }

    private void Store(Value address, int offset, TypeDesc type, Value value)
    {
        CheckAddress(address, "write");
        var underlying = type.Underlying;
        if (underlying.Kind is TypeKind.Single or TypeKind.Double or TypeKind.Class or TypeKind.Other)
        {
            throw Error($"writing a '{type.FullName}' to memory is not supported in BPF programs");
        }

        int size = underlying.Size;
        // A kernel struct's address may be stored: reading one (bpf_cast_to_kern_ctx, a tracing argument) already needs
        // CAP_PERFMON, under which the verifier lets addresses leak (allow_ptr_leaks); the stash's token names an sk_buff so.
        if (value.IsPointer && value.Kind != ValueKind.Kernel && address.Kind is ValueKind.Packet or ValueKind.Meta or ValueKind.MapValue)
        {
            throw Error("storing a pointer into packet or map memory would leak a kernel address; the verifier forbids it");
        }

        if (size == 8 && value.Type == IrType.I32)
        {
            value = Widen(value, IrType.I64, !IsUnsigned(underlying));
        }

        Emit(new StoreInstruction(address, offset, size, value));
    }

    private void CheckAddress(Value address, string verb)
    {
        if (address.Kind == ValueKind.Ctx)
        {
            throw Error($"cannot {verb} the program context through a pointer; use its properties");
        }

        if (address.Kind == ValueKind.PacketEnd)
        {
            throw Error($"cannot {verb} at ctx.DataEnd: it is one past the last byte of the packet");
        }

        if (address is Constant)
        {
            throw Error($"cannot {verb} memory at a constant address (a null pointer dereference?)");
        }

        if (address.Kind == ValueKind.Kernel)
        {
            throw Error($"cannot {verb} kernel memory through a pointer: programs read it one field of a [KernelType] struct at a time (each read is a CO-RE relocation) and never write it");
        }

        if (address.Kind == ValueKind.Socket && verb != "read")
        {
            throw Error($"cannot {verb} a socket's fields: the verifier lets programs only read them");
        }
    }

    private void TranslateLoadIndirect()
    {
        var address = Pop();
        var type = instruction.Kind switch
        {
            IlValueKind.I when address.Type.Element is { IsPointerLike: true } pointee => pointee,
            IlValueKind.Ref => throw Error("reading an object reference through a pointer is not supported in BPF programs"),
            _ => types.OfIntegerKind(instruction.Kind) ?? throw Error($"'{instruction.Mnemonic}' reads floating point: BPF has no floating point"),
        };
        if (!TryLoadKernelElement(address.Value, type))
        {
            Push(Load(address.Value, 0, type), type);
        }
    }

    private void TranslateStoreIndirect()
    {
        var value = Pop();
        var address = Pop();
        var type = instruction.Kind == IlValueKind.Ref
            ? throw Error("storing an object reference through a pointer is not supported in BPF programs")
            : types.OfIntegerKind(instruction.Kind) ?? throw Error($"'{instruction.Mnemonic}' writes floating point: BPF has no floating point");
        Store(address.Value, 0, type, value.Value);
    }

    private void TranslateLoadObject(TypeDesc type)
    {
        var address = Pop();
        if (type.Kind != TypeKind.Struct && TryLoadKernelElement(address.Value, type))
        {
            return;
        }

        PushFromMemory(address.Value, type);
    }

    private void TranslateStoreObject(TypeDesc type)
    {
        var value = Pop();
        var address = Pop();
        StoreToMemory(address.Value, type, value);
    }

    private Value FieldBase(StackEntry entry, FieldDesc field)
    {
        if (entry.Value.Kind == ValueKind.Ctx || IsContextClass(entry.Type))
        {
            throw Error($"'{field.DeclaringType.Name}.{field.Name}' exists only when the program runs as managed code; compiled programs use the context's properties");
        }

        if (entry.Type.Kind == TypeKind.Class)
        {
            throw Error($"field '{field.Name}' belongs to the class '{field.DeclaringType.FullName}'; BPF programs can use only structs");
        }

        return entry.Value;
    }

    private void TranslateLoadField(FieldDesc field)
    {
        var entry = Pop();
        if (field.DeclaringType.KernelName is not null)
        {
            TranslateLoadKernelField(entry, field);
            return;
        }

        if (TryLoadKernelElement(entry.Value, field.FieldType))
        {
            return;
        }

        var address = FieldBase(entry, field);
        if (field.FieldType.Kind == TypeKind.Struct)
        {
            PushStructCopy(address, field.Offset, field.FieldType);
        }
        else
        {
            Push(Load(address, field.Offset, field.FieldType), field.FieldType);
        }
    }

    private void TranslateFieldAddress(FieldDesc field)
    {
        var entry = Pop();
        if (field.DeclaringType.KernelName is not null && entry.Value.Kind == ValueKind.Kernel)
        {
            TranslateKernelFieldAddress(entry, field);
            return;
        }

        var address = FieldBase(entry, field);
        Push(AddOffset(address, field.Offset), types.ByRefTo(field.FieldType));
    }

    private void TranslateStoreField(FieldDesc field)
    {
        var value = Pop();
        var entry = Pop();
        if (field.DeclaringType.KernelName is not null && entry.Value.Kind == ValueKind.Kernel)
        {
            throw KernelFieldMisuse(field, "writing");
        }

        var address = FieldBase(entry, field);
        if (IsSpan(field.FieldType))
        {
            WriteSpan(AddOffset(address, field.Offset), ReadSpan(value.Value));
        }
        else if (field.FieldType.Kind == TypeKind.Struct)
        {
            CopyMemory(address, field.Offset, value.Value, 0, field.FieldType.Size, field.FieldType.Alignment);
        }
        else
        {
            Store(address, field.Offset, field.FieldType, value.Value);
        }
    }

    /// <summary>
    /// Pushes a private copy of the struct at <c>address + offset</c>, as CIL's value semantics
    /// require, unless the very next instruction reads a field of it (<c>pckt.Flow.Proto</c>
    /// reads in place, however deep) or copies it into another local or returns it: then no
    /// copy, or the one it makes, is all that is needed.
    /// </summary>
    private void PushStructCopy(Value address, int offset, TypeDesc type)
    {
        if (IsSpan(type))
        {
            PushSpan(type, ReadSpan(AddOffset(address, offset)));
            return;
        }

        if (NextInstructionReadsAField() || NextInstructionCopiesFrom(address))
        {
            Push(AddOffset(address, offset), type);
            return;
        }

        var copy = NewTemporary(type);
        CopyMemory(copy, 0, address, offset, type.Size, type.Alignment);
        Push(copy, type);
    }

    /// <summary>A field load consumes the struct at once, before anything could change it.</summary>
    private bool NextInstructionReadsAField()
    {
        var body = frame.Body.Instructions;
        return instruction.Index + 1 < body.Count && body[instruction.Index + 1].Op == IlOpcode.Ldfld;
    }

    private bool NextInstructionCopiesFrom(Value source)
    {
        var sourceSlot = source switch
        {
            StackAddressInstruction s => s.Slot,
            BinaryInstruction { Op: BinaryOp.Add, Left: StackAddressInstruction s, Right: Constant } => s.Slot,
            _ => null,
        };
        var body = frame.Body.Instructions;
        if (sourceSlot is null || instruction.Index + 1 >= body.Count)
        {
            return false;
        }

        var next = body[instruction.Index + 1];
        Value? destination = next.Op switch
        {
            IlOpcode.Stloc => frame.LocalHomes[(int)next.Int],
            IlOpcode.Starg => frame.ArgumentHomes[(int)next.Int],
            IlOpcode.Ret => frame.ReturnHome,
            _ => null,
        };
        return destination is StackAddressInstruction d && d.Slot != sourceSlot;
    }

    private Value NewTemporary(TypeDesc type)
    {
        RequireUnmanaged(type, "a temporary");
        var slot = function.NewSlot(type.Size, type.Alignment, $"tmp.{type.Name}");
        var home = Emit(new StackAddressInstruction(slot));
        if (IsSpan(type))
        {
            TrackSpan(home, $"tmp{home.Id}");
        }

        return home;
    }

    private void TranslateStackAlloc()
    {
        var size = Pop();
        if (size.Value is not Constant { Value: > 0 } c || c.Value > 512)
        {
            throw Error("'stackalloc' needs a constant size between 1 and 512 bytes in BPF programs");
        }

        var slot = function.NewSlot((int)c.Value, 8, "stackalloc");
        var address = Emit(new StackAddressInstruction(slot));
        ZeroMemory(address, 0, (int)c.Value, 8);
        Push(address, types.PointerTo(types.Byte));
    }

    /// <summary>
    /// Copies with the widest accesses both sides' alignment allows. Stack accesses must be
    /// naturally aligned (the verifier insists); packet and map memory need not be on this target.
    /// </summary>
    private void CopyMemory(Value destination, int destinationOffset, Value source, int sourceOffset, int size, int typeAlignment)
    {
        if (source.Kind == ValueKind.Socket)
        {
            throw Error("copying a socket struct is not supported: the verifier allows only reads of one field at its own size, so read the fields one by one");
        }

        int offset = 0;
        while (offset < size)
        {
            int width = ChunkWidth(size - offset, destination, destinationOffset + offset, typeAlignment);
            width = Math.Min(width, ChunkWidth(size - offset, source, sourceOffset + offset, typeAlignment));
            var value = Emit(new LoadInstruction(source, sourceOffset + offset, width, false, width == 8 ? IrType.I64 : IrType.I32, ValueKind.Scalar));
            Emit(new StoreInstruction(destination, destinationOffset + offset, width, value));
            offset += width;
        }
    }

    private void ZeroMemory(Value destination, int offset, int size, int typeAlignment) =>
        FillMemory(destination, offset, size, typeAlignment, 0);

    private void FillMemory(Value destination, int offset, int size, int typeAlignment, byte fill)
    {
        int done = 0;
        while (done < size)
        {
            int width = ChunkWidth(size - done, destination, offset + done, typeAlignment);
            long pattern = 0;
            for (int b = 0; b < width; b++)
            {
                pattern |= (long)fill << (8 * b);
            }

            Emit(new StoreInstruction(destination, offset + done, width, new Constant(pattern, width == 8 ? IrType.I64 : IrType.I32)));
            done += width;
        }
    }

    private static int ChunkWidth(int remaining, Value address, int offset, int typeAlignment)
    {
        int alignment = KnownAlignment(address, offset, typeAlignment);
        foreach (int width in (int[])[8, 4, 2])
        {
            if (width <= remaining && width <= alignment)
            {
                return width;
            }
        }

        return 1;
    }

    /// <summary>The alignment an access at <c>address + offset</c> is known to have (8 when alignment does not matter).</summary>
    private static int KnownAlignment(Value address, int offset, int typeAlignment)
    {
        int baseAlignment;
        switch (address)
        {
            case StackAddressInstruction:
                baseAlignment = 8;
                break;
            case BinaryInstruction { Op: BinaryOp.Add, Left: StackAddressInstruction, Right: Constant c }:
                baseAlignment = 8;
                offset += (int)c.Value;
                break;
            default:
                if (address.Kind is ValueKind.Packet or ValueKind.Meta or ValueKind.MapValue)
                {
                    return 8;
                }

                baseAlignment = Math.Clamp(typeAlignment, 1, 8);
                break;
        }

        int offsetAlignment = offset == 0 ? 8 : Math.Min(8, offset & -offset);
        return Math.Min(baseAlignment, offsetAlignment);
    }

    private void LoadStaticField(FieldDesc field)
    {
        if (field.DeclaringType.Name.StartsWith("<>", StringComparison.Ordinal) && field.FieldType.Kind == TypeKind.Class)
        {
            // What DelegateCacheIdiom did not rewrite: a delegate chosen at run time, or cached in another shape.
            throw Error("a delegate here is not a static method or static lambda given straight to Bpf.Loop, the one place a BPF program can take one (its callback must be known when the program is compiled)");
        }

        if (TraitTypes.IsTrait(field.FieldType))
        {
            // A trait field stands for its key, which the loader writes into .rodata.
            var trait = globals.TraitFor(field, location);
            var address = Emit(new GlobalAddressInstruction(trait.KeyVariable));
            Push(Emit(new LoadInstruction(address, 0, 8, false, IrType.I64, ValueKind.Scalar)), field.FieldType);
            return;
        }

        if (ModuleGlobals.IsMapType(field.FieldType))
        {
            Push(Emit(new MapReferenceInstruction(globals.MapFor(field, location))), field.FieldType);
            return;
        }

        PushFromMemory(StaticFieldAddress(field), field.FieldType);
    }

    private Value StaticFieldAddress(FieldDesc field)
    {
        if (ModuleGlobals.IsMapType(field.FieldType))
        {
            throw Error($"the address of map '{field.Name}' cannot be taken; call its methods");
        }

        return Emit(new GlobalAddressInstruction(globals.GlobalFor(field, location)));
    }

    private void StoreStaticField(FieldDesc field)
    {
        if (ModuleGlobals.IsMapType(field.FieldType))
        {
            throw Error($"map '{field.Name}' is created when the program loads; it can only be assigned in its declaration");
        }

        if (field.IsInitOnly)
        {
            throw Error($"'{field.Name}' is static readonly: programs only read it (it is in .rodata; set it at load time with 'traitsbpf load --set {field.Name}=VALUE')");
        }

        var value = Pop();
        StoreToMemory(StaticFieldAddress(field), field.FieldType, value);
    }
}
