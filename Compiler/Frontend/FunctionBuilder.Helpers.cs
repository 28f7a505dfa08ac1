using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Kernel helpers: <c>[BpfHelper]</c> methods pass their parameters one for one; the rest
/// (trace, FIB lookup, redirect, ring buffer, dynptrs, tail call, bloom filter push) add sizes, flags or reorder arguments.
/// </summary>
internal sealed partial class FunctionBuilder
{
    internal void LowerHelper(BpfHelper helperId, MethodDesc method, List<StackEntry> arguments)
    {
        if (!Enum.IsDefined(helperId))
        {
            throw Error($"'{method.FullName}' names helper {(int)helperId}, which is not a kernel helper (enum bpf_func_id ends at {(int)BpfHelpers.All[^1].Id})");
        }

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
        // A map of maps' lookup gives the inner map (or null), which the verifier lets later calls take as their map.
        var kind = ModuleGlobals.IsMapType(returnType) ? ValueKind.Map
            : BpfHelpers.Of(helperId).ReturnsMapValue ? ValueKind.MapValue
            : KindOf(returnType) is ValueKind.Unknown or ValueKind.Socket or ValueKind.Kernel ? KindOf(returnType) : ValueKind.Scalar;
        var call = Emit(new HelperCallInstruction(helperId, values, IrType.I64, kind, hasResult));
        if (hasResult)
        {
            Push(Normalize(call, returnType), returnType);
        }
    }

    internal void LowerTrace(MethodDesc method, List<StackEntry> arguments)
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
        var call = Emit(new HelperCallInstruction(BpfHelper.TracePrintk, values, IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary>bpf_dynptr_from_mem(memory, size, 0, &amp;ptr): the kernel takes no flags yet, and only map values as memory.</summary>
    internal void LowerDynptrFromMem(MethodDesc method, List<StackEntry> arguments)
    {
        if (arguments[0].Value.Kind is not (ValueKind.MapValue or ValueKind.Unknown))
        {
            throw Error($"Dynptr.FromMemory takes a map value (the verifier accepts only map memory for bpf_dynptr_from_mem); this one is in {Describe(arguments[0].Value.Kind)} memory");
        }

        var size = Widen(arguments[1].Value, IrType.I64, false);
        var call = Emit(new HelperCallInstruction(BpfHelper.DynptrFromMem, [arguments[0].Value, size, new Constant(0, IrType.I64), arguments[2].Value], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary>bpf_fib_lookup(ctx, params, sizeof(struct bpf_fib_lookup), flags).</summary>
    internal void LowerFibLookup(MethodDesc method, List<StackEntry> arguments)
    {
        var call = Emit(new HelperCallInstruction(BpfHelper.FibLookup, [arguments[0].Value, arguments[1].Value, new Constant(64, IrType.I64), Widen(arguments[2].Value, IrType.I64, false)], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    internal void LowerRedirect(MethodDesc method, List<StackEntry> arguments)
    {
        var flags = arguments.Count > 2 ? Widen(arguments[2].Value, IrType.I64, false) : new Constant(0, IrType.I64);
        var call = Emit(new HelperCallInstruction(BpfHelper.Redirect, [Widen(arguments[1].Value, IrType.I64, false), flags], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, false), method.ReturnType);
    }

    /// <summary>
    /// A redirect helper that takes no context: the interface index, then <paramref name="zeroArguments"/> zeros
    /// (bpf_redirect_peer's flags; bpf_redirect_neigh's absent next hop, its size and flags).
    /// </summary>
    internal void LowerContextFreeRedirect(BpfHelper helper, int zeroArguments, MethodDesc method, List<StackEntry> arguments)
    {
        var values = new List<Value> { Widen(arguments[1].Value, IrType.I64, false) };
        values.AddRange(Enumerable.Repeat<Value>(new Constant(0, IrType.I64), zeroArguments));
        var call = Emit(new HelperCallInstruction(helper, values, IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, false), method.ReturnType);
    }

    /// <summary>
    /// A helper taking the context, a struct by reference and the struct's size right after it
    /// (bpf_skb_get/set_tunnel_key, bpf_skb_get_xfrm_state): the size is the referenced type's, so C# callers never pass it.
    /// </summary>
    internal void LowerSizedStructHelper(BpfHelper helper, MethodDesc method, List<StackEntry> arguments)
    {
        int structParameter = method.Parameters.ToList().FindIndex(p => p.Element is not null);
        var structType = structParameter >= 0 ? method.Parameters[structParameter].Element! : throw Error($"'{method.FullName}' must take its struct by reference");
        var values = new List<Value> { arguments[0].Value };
        for (int a = 1; a < arguments.Count; a++)
        {
            if (a == structParameter + 1)
            {
                values.Add(arguments[a].Value);
                values.Add(new Constant(structType.Size, IrType.I64));
            }
            else
            {
                values.Add(Widen(arguments[a].Value, IrType.I64, false));
            }
        }

        var call = Emit(new HelperCallInstruction(helper, values, IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    internal void LowerRingBufferOutput(MethodDesc method, List<StackEntry> arguments)
    {
        var size = new Constant(method.GenericArguments[0].Size, IrType.I64);
        var call = Emit(new HelperCallInstruction(BpfHelper.RingbufOutput, [arguments[0].Value, arguments[1].Value, size, new Constant(0, IrType.I64)], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary>
    /// <c>map.Output(ctx, in record, index)</c> and <c>map.OutputWithPacket(ctx, in record, packetBytes, index)</c>:
    /// bpf_perf_event_output(ctx, map, flags, &amp;record, sizeof(record)), the flags the slot index in their low 32 bits
    /// and the number of packet bytes to append in their high 32 (BPF_F_CTXLEN_MASK).
    /// </summary>
    internal void LowerPerfEventOutput(MethodDesc method, List<StackEntry> arguments)
    {
        if (arguments[1].Value.Kind != ValueKind.Ctx)
        {
            throw Error("a perf event output must pass the program's context parameter");
        }

        bool appendsPacket = arguments.Count == 5;
        var index = Widen(arguments[^1].Value, IrType.I64, false);
        var flags = appendsPacket
            ? MakeBinary(BinaryOp.Or, index, MakeBinary(BinaryOp.Shl, Widen(arguments[3].Value, IrType.I64, false), new Constant(32, IrType.I64), IrType.I64, ValueKind.Scalar), IrType.I64, ValueKind.Scalar)
            : index;
        var size = new Constant(method.GenericArguments[0].Size, IrType.I64);
        var call = Emit(new HelperCallInstruction(BpfHelper.PerfEventOutput, [arguments[1].Value, arguments[0].Value, flags, arguments[2].Value, size], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    internal void LowerRingBufferReserve(MethodDesc method, List<StackEntry> arguments)
    {
        var size = new Constant(method.GenericArguments[0].Size, IrType.I64);
        Push(Emit(new HelperCallInstruction(BpfHelper.RingbufReserve, [arguments[0].Value, size, new Constant(0, IrType.I64)], IrType.I64, ValueKind.MapValue, true)), method.ReturnType);
    }

    /// <summary>
    /// <c>ring.ReserveDynptr(size, out record)</c>: bpf_ringbuf_reserve_dynptr(map, size, 0, &amp;record); the kernel takes no flags.
    /// The dynptr must be a local: the verifier tracks it in its stack slot until it is submitted or discarded.
    /// </summary>
    internal void LowerRingBufferReserveDynptr(MethodDesc method, List<StackEntry> arguments)
    {
        var record = arguments[2].Value;
        if (record.Kind != ValueKind.Stack)
        {
            throw Error($"RingBuffer.ReserveDynptr's dynptr must be a local of the method (the verifier tracks a reserved record in its stack slot); this one is in {Describe(record.Kind)} memory");
        }

        var size = Widen(arguments[1].Value, IrType.I64, false);
        var call = Emit(new HelperCallInstruction(BpfHelper.RingbufReserveDynptr, [arguments[0].Value, size, new Constant(0, IrType.I64), record], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>p.Read(offset, to, length)</c>: bpf_dynptr_read(to, length, &amp;p, offset, 0).</summary>
    internal void LowerDynptrRead(MethodDesc method, List<StackEntry> arguments)
    {
        var (dynptr, offset, memory, length) = DynptrArguments(arguments);
        var call = Emit(new HelperCallInstruction(BpfHelper.DynptrRead, [memory, length, dynptr, offset, new Constant(0, IrType.I64)], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>p.Write(offset, from, length)</c>: bpf_dynptr_write(&amp;p, offset, from, length, 0).</summary>
    internal void LowerDynptrWrite(MethodDesc method, List<StackEntry> arguments)
    {
        var (dynptr, offset, memory, length) = DynptrArguments(arguments);
        var call = Emit(new HelperCallInstruction(BpfHelper.DynptrWrite, [dynptr, offset, memory, length, new Constant(0, IrType.I64)], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    private (Value Dynptr, Value Offset, Value Memory, Value Length) DynptrArguments(List<StackEntry> arguments) =>
        (arguments[0].Value, Widen(arguments[1].Value, IrType.I64, false), arguments[2].Value, Widen(arguments[3].Value, IrType.I64, false));

    /// <summary>bpf_map_push_elem(map, value, BPF_ANY): a bloom filter takes no other flags, so the SDK's Push has none.</summary>
    internal void LowerBloomFilterPush(MethodDesc method, List<StackEntry> arguments)
    {
        var call = Emit(new HelperCallInstruction(BpfHelper.MapPushElem, [arguments[0].Value, arguments[1].Value, new Constant(0, IrType.I64)], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    internal void LowerTailCall(MethodDesc method, List<StackEntry> arguments)
    {
        if (arguments[1].Value.Kind != ValueKind.Ctx)
        {
            throw Error("a tail call must pass the program's context parameter");
        }

        Emit(new HelperCallInstruction(BpfHelper.TailCall, [arguments[1].Value, arguments[0].Value, Widen(arguments[2].Value, IrType.I64, false)], IrType.I64, ValueKind.Scalar, false));
    }
}
