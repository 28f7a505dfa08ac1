using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Calls: SDK intrinsics, kernel helpers, known BCL methods, inlining and subprograms.</summary>
internal sealed partial class FunctionBuilder
{
    private const int MaxArguments = 5;
    private const int MapLookupHelper = 1;
    private const int RingBufferReserveHelper = 131;
    private const int RingBufferOutputHelper = 130;
    private const int TailCallHelper = 12;
    private const int RedirectHelper = 23;
    private const int TracePrintkHelper = 6;
    private const int FibLookupHelper = 69;

    private void TranslateCall()
    {
        var method = instruction.Method!;
        if (method.IsVirtual && (instruction.Op == IlOpcode.Callvirt || instruction.Constrained is not null)
            && method.IntrinsicName is null && method.HelperId is null)
        {
            throw Error($"virtual or interface call to '{method.FullName}' is not supported: BPF calls must be resolved at compile time");
        }

        var arguments = PopArguments(method);
        if (method.IntrinsicName is { } intrinsic)
        {
            LowerIntrinsic(intrinsic, method, arguments);
        }
        else if (method.HelperId is { } helper)
        {
            LowerHelper(helper, method, arguments);
        }
        else if (!TryLowerKnownMethod(method, arguments))
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

    private void CallSubprogram(MethodDesc method, List<StackEntry> arguments)
    {
        if (arguments.Count > MaxArguments)
        {
            throw Error($"'{method.FullName}' takes {arguments.Count} arguments; a BPF function takes at most {MaxArguments}");
        }

        if (method.ReturnType.Kind == TypeKind.Struct)
        {
            throw Error($"'{method.FullName}' returns a struct; a BPF subprogram ([MethodImpl(NoInlining)]) can return only a number or pointer");
        }

        var callee = subprogramFor(method);
        var values = new List<Value>();
        for (int a = 0; a < arguments.Count; a++)
        {
            var type = method.ArgumentType(a, types);
            values.Add(type.Kind == TypeKind.Struct ? arguments[a].Value : Widen(arguments[a].Value, IrTypeOf(type), !IsUnsigned(type)));
        }

        var call = Emit(new CallInstruction(callee, values));
        if (callee.ReturnType is not null)
        {
            Push(Normalize(call, method.ReturnType), method.ReturnType);
        }
    }

    private void LowerIntrinsic(string name, MethodDesc method, List<StackEntry> arguments)
    {
        if (ContextFields.Find(name) is { } field)
        {
            var ctx = arguments[0].Value;
            if (ctx.Kind != ValueKind.Ctx)
            {
                throw Error($"'{method.Name}' must be used on the program's context parameter");
            }

            if (method.ReturnType.Kind == TypeKind.Void)
            {
                var value = Widen(arguments[1].Value, IrType.I32, false);
                Emit(new StoreInstruction(ctx, field.Offset, field.Size, value));
            }
            else
            {
                Push(Emit(new LoadInstruction(ctx, field.Offset, field.Size, false, field.Type, field.Kind)), method.ReturnType);
            }

            return;
        }

        switch (name)
        {
            case "traits":
                LowerTraitsProperty(method, arguments);
                return;
            case "traits.set" or "traits.get" or "traits.del":
                LowerTraitOperation(name, method, arguments);
                return;
            case "trace":
                LowerTrace(method, arguments);
                return;
            case "fib_lookup":
                {
                    // bpf_fib_lookup(ctx, params, sizeof(struct bpf_fib_lookup), flags)
                    var call = Emit(new HelperCallInstruction(FibLookupHelper, [arguments[0].Value, arguments[1].Value, new Constant(64, IrType.I64), Widen(arguments[2].Value, IrType.I64, false)], IrType.I64, ValueKind.Scalar, true));
                    Push(Widen(call, IrType.I32, true), method.ReturnType);
                    return;
                }
            case "redirect":
                {
                    var flags = arguments.Count > 2 ? Widen(arguments[2].Value, IrType.I64, false) : new Constant(0, IrType.I64);
                    var call = Emit(new HelperCallInstruction(RedirectHelper, [Widen(arguments[1].Value, IrType.I64, false), flags], IrType.I64, ValueKind.Scalar, true));
                    Push(Widen(call, IrType.I32, false), method.ReturnType);
                    return;
                }

            case "ringbuf.output":
                {
                    var size = new Constant(method.GenericArguments[0].Size, IrType.I64);
                    var call = Emit(new HelperCallInstruction(RingBufferOutputHelper, [arguments[0].Value, arguments[1].Value, size, new Constant(0, IrType.I64)], IrType.I64, ValueKind.Scalar, true));
                    Push(Widen(call, IrType.I32, true), method.ReturnType);
                    return;
                }

            case "ringbuf.reserve":
                {
                    var size = new Constant(method.GenericArguments[0].Size, IrType.I64);
                    Push(Emit(new HelperCallInstruction(RingBufferReserveHelper, [arguments[0].Value, size, new Constant(0, IrType.I64)], IrType.I64, ValueKind.MapValue, true)), method.ReturnType);
                    return;
                }

            case "tail_call":
                if (arguments[1].Value.Kind != ValueKind.Ctx)
                {
                    throw Error("a tail call must pass the program's context parameter");
                }

                Emit(new HelperCallInstruction(TailCallHelper, [arguments[1].Value, arguments[0].Value, Widen(arguments[2].Value, IrType.I64, false)], IrType.I64, ValueKind.Scalar, false));
                return;
            case "bswap16":
                Push(ByteSwap(16, arguments[0].Value), method.ReturnType);
                return;
            case "bswap32":
                Push(ByteSwap(32, arguments[0].Value), method.ReturnType);
                return;
            case "bswap64":
                Push(ByteSwap(64, Widen(arguments[0].Value, IrType.I64, false)), method.ReturnType);
                return;
            default:
                throw Error($"the SDK intrinsic '{name}' of '{method.FullName}' is unknown to this compiler");
        }
    }

    private Value ByteSwap(int bits, Value value)
    {
        if (value is Constant c)
        {
            return new Constant(ConstantEvaluator.ByteSwap(bits, c.Value), bits == 64 ? IrType.I64 : IrType.I32);
        }

        return Emit(new ByteSwapInstruction(bits, value));
    }

    private void LowerHelper(int helperId, MethodDesc method, List<StackEntry> arguments)
    {
        if (arguments.Count > MaxArguments)
        {
            throw Error($"'{method.FullName}' passes {arguments.Count} arguments; BPF helpers take at most {MaxArguments}");
        }

        var values = new List<Value>();
        for (int a = 0; a < arguments.Count; a++)
        {
            var type = method.ArgumentType(a, types);
            if (type.Kind == TypeKind.Struct)
            {
                throw Error($"'{method.FullName}' passes a struct by value; BPF helpers take numbers and pointers");
            }

            values.Add(Widen(arguments[a].Value, IrType.I64, !IsUnsigned(type)));
        }

        var returnType = method.ReturnType;
        bool hasResult = returnType.Kind != TypeKind.Void;
        var kind = helperId is MapLookupHelper or RingBufferReserveHelper ? ValueKind.MapValue
            : KindOf(returnType) == ValueKind.Unknown ? ValueKind.Unknown : ValueKind.Scalar;
        var call = Emit(new HelperCallInstruction(helperId, values, IrType.I64, kind, hasResult));
        if (hasResult)
        {
            Push(Normalize(call, returnType), returnType);
        }
    }

    /// <summary>BCL methods with a direct BPF equivalent.</summary>
    private bool TryLowerKnownMethod(MethodDesc method, List<StackEntry> arguments)
    {
        if (method.DeclaringType.FullName == "System.Threading.Interlocked")
        {
            LowerInterlocked(method, arguments);
            return true;
        }

        if (TryLowerMath(method, arguments))
        {
            return true;
        }

        if (method.DeclaringType.FullName == "System.Buffers.Binary.BinaryPrimitives" && method.Name == "ReverseEndianness")
        {
            var type = method.Parameters[0].Underlying;
            var value = arguments[0].Value;
            var swapped = type.Kind switch
            {
                TypeKind.UInt16 or TypeKind.Char => ByteSwap(16, value),
                TypeKind.Int16 => MakeConvert(ConvertOp.SignExtend16, ByteSwap(16, value)),
                TypeKind.Byte or TypeKind.SByte => value,
                TypeKind.Int32 or TypeKind.UInt32 => ByteSwap(32, value),
                _ => ByteSwap(64, Widen(value, IrType.I64, false)),
            };
            Push(swapped, method.ReturnType);
            return true;
        }

        return false;
    }

    private void TranslateNewObject()
    {
        var constructor = instruction.Method!;
        var type = constructor.DeclaringType;
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
        ZeroMemory(instance, 0, type.Size, type.Alignment);
        arguments.Insert(0, new StackEntry(instance, types.ByRefTo(type)));
        CallUserMethod(constructor, arguments);
        Push(instance, type);
    }

    /// <summary>
    /// <c>Interlocked</c> on map values and globals becomes BPF atomic instructions; the methods
    /// that return the new value add the operand to the fetched old one.
    /// </summary>
    private void LowerInterlocked(MethodDesc method, List<StackEntry> arguments)
    {
        var target = method.Parameters[0].Element!.Underlying;
        int size = target.Size;
        if (size is not (4 or 8) || !target.IsInteger)
        {
            throw Error($"'Interlocked.{method.Name}' on a {target.Name}: BPF atomics work on 32- and 64-bit integers");
        }

        var address = arguments[0].Value;
        if (address.Kind is ValueKind.Packet or ValueKind.Meta or ValueKind.Ctx)
        {
            throw Error($"'Interlocked.{method.Name}' works on map values, globals and the stack, not on packet data or the context");
        }

        var width = size == 8 ? IrType.I64 : IrType.I32;
        Value Operand(int i) => Widen(arguments[i].Value, width, target.IsSigned);
        var one = new Constant(1, width);
        var minusOne = new Constant(-1, width);
        (AtomicOp op, Value operand, Value? comparand, Value? addBack) = method.Name switch
        {
            "Increment" => (AtomicOp.Add, (Value)one, (Value?)null, (Value?)one),
            "Decrement" => (AtomicOp.Add, minusOne, null, minusOne),
            "Add" => (AtomicOp.Add, Operand(1), null, Operand(1)),
            "And" => (AtomicOp.And, Operand(1), null, null),
            "Or" => (AtomicOp.Or, Operand(1), null, null),
            "Exchange" => (AtomicOp.Exchange, Operand(1), null, null),
            "CompareExchange" => (AtomicOp.CompareExchange, Operand(1), Operand(2), null),
            "Read" => (AtomicOp.Or, new Constant(0, width), null, null),
            _ => throw Error($"'Interlocked.{method.Name}' has no BPF equivalent"),
        };
        Value old = Emit(new AtomicInstruction(op, address, 0, size, operand, comparand));
        var result = addBack is null ? old : MakeBinary(BinaryOp.Add, old, addBack, width, ValueKind.Scalar);
        if (method.ReturnType.Kind != TypeKind.Void)
        {
            Push(result, method.ReturnType);
        }
    }

    private void LowerTrace(MethodDesc method, List<StackEntry> arguments)
    {
        if (!stringLiterals.TryGetValue(arguments[0].Value, out string? format))
        {
            throw Error("Bpf.Trace needs a string literal as its format");
        }

        var values = new List<Value>
        {
            arguments[0].Value,
            new Constant(System.Text.Encoding.UTF8.GetByteCount(format) + 1, IrType.I64),
        };
        values.AddRange(arguments.Skip(1).Select(a => Widen(a.Value, IrType.I64, true)));
        var call = Emit(new HelperCallInstruction(TracePrintkHelper, values, IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }
}
