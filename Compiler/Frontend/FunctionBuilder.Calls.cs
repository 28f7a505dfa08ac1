using TraitsBpf.Compiler.Frontend.Intrinsics;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Calls: what <see cref="IntrinsicTable"/> lowers goes to its lowering; every other call is
/// inlined or becomes a subprogram, or is refused.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary>A helper call has r1–r5 and no argument block.</summary>
    private const int MaxArguments = 5;

    private void TranslateCall()
    {
        var method = instruction.Method!;
        var arguments = PopArguments(method);
        var intrinsic = IntrinsicTable.Find(method, arguments);
        if (intrinsic is null && method.IsVirtual && (instruction.Op == IlOpcode.Callvirt || instruction.Constrained is not null))
        {
            throw Error($"virtual or interface call to '{method.FullName}' is not supported: BPF calls must be resolved at compile time");
        }

        if (intrinsic is not null)
        {
            intrinsic(this, method, arguments);
        }
        else
        {
            CallUserMethod(method, arguments);
        }
    }

    private List<StackEntry> PopArguments(MethodDesc method)
    {
        var arguments = new List<StackEntry>();
        for (int a = 0; a < method.ArgumentCount; a++)
        {
            arguments.Add(Pop());
        }

        arguments.Reverse();
        return arguments;
    }

    private void CallUserMethod(MethodDesc method, List<StackEntry> arguments)
    {
        if (MapKind.Of(method.DeclaringType.FullName) is { HoldsMaps: true } && method.Name is "set_Item" or "Update" or "Delete")
        {
            throw Error($"'{method.DeclaringType.Name}.{(method.Name == "set_Item" ? "this[]" : method.Name)}' changes a map of maps, which only user space can do (the kernel lets programs only look one up); fill its slots in the field's initializer or from user space");
        }

        if (IsManagedOnly(method))
        {
            throw Error($"'{method.DeclaringType.Name}.{method.Name}' is for running programs as managed code and cannot be used in a compiled program");
        }

        if (method.DeclaringType.FullName == "System.String")
        {
            throw Error($"'{method.Name}' on a string: BPF programs have no strings (only Bpf.Trace takes a string literal, as its format)");
        }

        if (method.DeclaringType.Namespace == "System" || method.DeclaringType.Namespace.StartsWith("System.", StringComparison.Ordinal))
        {
            throw Error($"calling '{method.FullName}' is not supported in BPF programs");
        }

        if (method.DeclaringType.Kind == TypeKind.Class && !method.IsStatic && !IsContextClass(method.DeclaringType))
        {
            throw Error($"'{method.FullName}' is an instance method of a class; BPF programs can call static methods and methods of structs");
        }

        if (method.IsInternalCall || method.Body is null)
        {
            throw Error($"'{method.FullName}' has no IL body (extern, abstract or runtime-implemented) and cannot be compiled");
        }

        if (frame.IsActive(method))
        {
            throw Error($"'{method.FullName}' calls itself: recursion cannot be bounded in BPF");
        }

        if (method.NoInlining)
        {
            CallSubprogram(method, arguments);
        }
        else
        {
            Inline(method, arguments);
        }
    }

    /// <summary>
    /// Context members that work on the managed packet buffer (creating a context, reading the
    /// packet back) exist only for running programs as .NET code; the rest of the context's
    /// members compile, since they use only intrinsics and helpers.
    /// </summary>
    private static bool IsManagedOnly(MethodDesc method) =>
        ModuleGlobals.IsMapType(method.DeclaringType)
        || method.DeclaringType.FullName.StartsWith("TraitsBpf.KernelHashMap`2", StringComparison.Ordinal)
        || IsContextClass(method.DeclaringType)
        && (method.Body is not { } body
            || body.Instructions.Any(i => i.Op == IlOpcode.Newobj
                || (i.Field is { IsStatic: false } f && IsContextClass(f.DeclaringType))));

    private void Inline(MethodDesc method, List<StackEntry> arguments)
    {
        if (++inlineDepth > MaxInlineDepth)
        {
            throw Error($"calls nest more than {MaxInlineDepth} deep at '{method.FullName}'");
        }

        bool foreign = method.DeclaringType.Assembly != mainAssembly;
        var callee = new InlineFrame(method, frame)
        {
            ForcedLocation = frame.ForcedLocation ?? (foreign ? location : null),
            ReturnBlock = function.NewBlock(),
        };
        var returnType = method.ReturnType;
        Value? returnHome = null;
        if (returnType.Kind == TypeKind.Struct)
        {
            returnHome = NewTemporary(returnType);
            callee.ReturnHome = returnHome;
        }
        else if (returnType.Kind != TypeKind.Void)
        {
            callee.ReturnVariable = new SsaVariable($"{method.Name}.result", IrTypeOf(returnType), KindOf(returnType));
        }

        var arrivals = arguments.Select(a => a with { Value = Resolve(a.Value) }).ToList();
        TranslateFrame(callee, arrivals);
        if (returnHome is not null)
        {
            Push(returnHome, returnType);
        }
        else if (callee.ReturnVariable is { } result)
        {
            Push(ssa.Read(result, current), returnType);
        }

        inlineDepth--;
    }

    /// <summary>
    /// A BPF-to-BPF call as <see cref="SubprogramConvention"/> lays it out: a struct result
    /// comes back in a buffer of this frame, arguments past the registers go in a block of this
    /// frame, and a struct argument is the address of this frame's copy of it.
    /// </summary>
    private void CallSubprogram(MethodDesc method, List<StackEntry> arguments)
    {
        if (IsSpan(method.ReturnType) || Enumerable.Range(0, method.ArgumentCount).Any(a => IsSpan(method.ArgumentType(a, types))))
        {
            throw Error($"'{method.Name}' is a [MethodImpl(NoInlining)] subprogram taking or returning a span: its length would be unknown inside, and every span access must be proven in range at compile time; let it be inlined, or pass a pointer");
        }

        var convention = new SubprogramConvention(method);
        var callee = subprograms.Called(method);
        var values = new List<Value>();
        var resultBuffer = convention.ReturnsThroughBuffer ? NewTemporary(method.ReturnType) : null;
        if (resultBuffer is not null)
        {
            values.Add(resultBuffer);
        }

        for (int a = 0; a < convention.RegisterArguments; a++)
        {
            values.Add(ArgumentValue(method, a, arguments[a].Value));
        }

        if (convention.HasArgumentBlock)
        {
            var slot = function.NewSlot(convention.ArgumentBlockSize, SubprogramConvention.CellSize, $"{method.Name}.args");
            var block = Emit(new StackAddressInstruction(slot));
            for (int a = convention.RegisterArguments; a < convention.ArgumentCount; a++)
            {
                var value = Widen(ArgumentValue(method, a, arguments[a].Value), IrType.I64, !IsUnsigned(method.ArgumentType(a, types)));
                Emit(new StoreInstruction(block, convention.BlockOffsetOf(a), SubprogramConvention.CellSize, value));
            }

            values.Add(block);
        }

        var call = Emit(new CallInstruction(callee, values));
        if (resultBuffer is not null)
        {
            Push(resultBuffer, method.ReturnType);
        }
        else if (callee.ReturnType is not null)
        {
            Push(Normalize(call, method.ReturnType), method.ReturnType);
        }
    }

    private Value ArgumentValue(MethodDesc method, int argument, Value value)
    {
        var type = method.ArgumentType(argument, types);
        return type.Kind == TypeKind.Struct ? value : Widen(value, IrTypeOf(type), !IsUnsigned(type));
    }

    /// <summary>
    /// An argument the caller put in its argument block: the low bytes of its 8-byte cell, read
    /// at the argument's width so a spilled pointer comes back whole.
    /// </summary>
    private Value LoadBlockArgument(Value block, int offset, TypeDesc type)
    {
        if (type.Kind == TypeKind.Struct)
        {
            return Emit(new LoadInstruction(block, offset, SubprogramConvention.CellSize, false, IrType.I64, ValueKind.Unknown));
        }

        var underlying = type.Underlying;
        int size = underlying.IsPointerLike || underlying.Kind is TypeKind.Class ? 8 : underlying.Size;
        bool signed = underlying.Kind is TypeKind.SByte or TypeKind.Int16;
        return Emit(new LoadInstruction(block, offset, size, signed, IrTypeOf(type), KindOf(type)));
    }

    private void TranslateNewObject()
    {
        var constructor = instruction.Method!;
        var type = constructor.DeclaringType;
        if (TryTranslateNewDelegate(constructor))
        {
            return;
        }

        if (type.Kind != TypeKind.Struct)
        {
            throw Error($"'new {type.Name}(...)' allocates an object on the managed heap, which BPF programs cannot do; use a struct");
        }

        var arguments = new List<StackEntry>();
        for (int a = 0; a < constructor.Parameters.Count; a++)
        {
            arguments.Add(Pop());
        }

        arguments.Reverse();
        var instance = NewTemporary(type);
        arguments.Insert(0, new StackEntry(instance, types.ByRefTo(type)));
        if (IntrinsicTable.Find(constructor, arguments) is { } intrinsic)
        {
            intrinsic(this, constructor, arguments);
        }
        else
        {
            ZeroMemory(instance, 0, type.Size, type.Alignment);
            CallUserMethod(constructor, arguments);
        }

        Push(instance, type);
    }
}
