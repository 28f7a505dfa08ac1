using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Callbacks: a delegate made from a static method or a static lambda (<c>ldftn</c> then the delegate's
/// constructor; <see cref="DelegateCacheIdiom"/> removes C#'s caching around it) is only the method it
/// names, and <c>Bpf.Loop</c>, <c>ForEach</c>, <c>BpfTimer.SetCallback</c> and <c>UserRingBuffer.Drain</c> compile that method as a BPF callback
/// subprogram whose address they pass to the helper. A delegate anywhere else is refused where it is used.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary>The methods <c>ldftn</c> named, by the placeholder value that stands for them on the stack.</summary>
    private readonly Dictionary<Value, MethodDesc> functionReferences = [];

    private void TranslateLoadFunction(MethodDesc method)
    {
        var reference = new Constant(0, IrType.I64, ValueKind.Unknown);
        functionReferences[reference] = method;
        Push(reference, types.IntPtr);
    }

    /// <summary><c>new D(target, ftn)</c> of a delegate type: the delegate is the method <c>ftn</c> names.</summary>
    private bool TryTranslateNewDelegate(MethodDesc constructor)
    {
        if (constructor.DeclaringType.Kind != TypeKind.Class || constructor.Parameters.Count != 2
            || stack.Count < 2 || !functionReferences.ContainsKey(stack[^1].Value))
        {
            return false;
        }

        var function = Pop();
        Pop();
        Push(function.Value, constructor.DeclaringType);
        return true;
    }

    /// <summary>bpf_loop(count, &amp;callback, &amp;state, 0): the callback a static subprogram, the state on the stack.</summary>
    internal void LowerLoop(MethodDesc method, List<StackEntry> arguments)
    {
        var address = CallbackAddress(arguments[1], CallbackShape.Loop, "Bpf.Loop");
        var state = StackState(arguments[2], "Bpf.Loop", "bpf_loop");
        var count = Widen(arguments[0].Value, IrType.I64, false);
        var call = Emit(new HelperCallInstruction(BpfHelper.Loop, [count, address, state, new Constant(0, IrType.I64)], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>map.ForEach(callback, ref state)</c>: bpf_for_each_map_elem(map, &amp;callback, &amp;state, 0).</summary>
    internal void LowerMapForEach(MethodDesc method, List<StackEntry> arguments)
    {
        var map = arguments[0].Value;
        var address = CallbackAddress(arguments[1], CallbackShape.MapElement, "ForEach");
        var state = StackState(arguments[2], "ForEach", "bpf_for_each_map_elem");
        var call = Emit(new HelperCallInstruction(BpfHelper.ForEachMapElem, [map, address, state, new Constant(0, IrType.I64)], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>map.Drain(callback, ref state, flags)</c>: bpf_user_ringbuf_drain(map, &amp;callback, &amp;state, flags).</summary>
    internal void LowerUserRingBufferDrain(MethodDesc method, List<StackEntry> arguments)
    {
        var map = arguments[0].Value;
        var address = CallbackAddress(arguments[1], CallbackShape.UserRingBufferRecord, "UserRingBuffer.Drain");
        var state = StackState(arguments[2], "UserRingBuffer.Drain", "bpf_user_ringbuf_drain");
        var flags = Widen(arguments[3].Value, IrType.I64, false);
        var call = Emit(new HelperCallInstruction(BpfHelper.UserRingbufDrain, [map, address, state, flags], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>timer.SetCallback(callback)</c>: bpf_timer_set_callback(&amp;timer, &amp;callback).</summary>
    internal void LowerTimerSetCallback(MethodDesc method, List<StackEntry> arguments)
    {
        var address = CallbackAddress(arguments[1], CallbackShape.TimerElement, "BpfTimer.SetCallback");
        var call = Emit(new HelperCallInstruction(BpfHelper.TimerSetCallback, [arguments[0].Value, address], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>timer.Init(map, clock)</c>: bpf_timer_init(&amp;timer, map, clock); the map is one of the program's map fields.</summary>
    internal void LowerTimerInit(MethodDesc method, List<StackEntry> arguments)
    {
        var map = arguments[1].Value;
        if (map.Kind != ValueKind.Map)
        {
            throw Error("BpfTimer.Init takes the map field whose values hold the timer (bpf_timer_init needs the map itself)");
        }

        var clock = Widen(arguments[2].Value, IrType.I64, false);
        var call = Emit(new HelperCallInstruction(BpfHelper.TimerInit, [arguments[0].Value, map, clock], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary>The callback subprogram a delegate argument names, as the address a callback helper takes.</summary>
    private Value CallbackAddress(StackEntry argument, CallbackShape shape, string what)
    {
        if (!functionReferences.TryGetValue(argument.Value, out var callback))
        {
            throw Error($"{what}'s callback must be a static method or a static lambda given at the call (a BPF callback is a subprogram known when the program is compiled)");
        }

        if (!callback.IsStatic && !callback.DeclaringType.Name.StartsWith("<>", StringComparison.Ordinal))
        {
            throw Error($"{what}'s callback '{callback.FullName}' is an instance method; use a static method or a static lambda");
        }

        if (callback.Body is null)
        {
            throw Error($"{what}'s callback '{callback.FullName}' has no IL body");
        }

        return Emit(new FunctionAddressInstruction(subprograms.Callback(callback, shape)));
    }

    /// <summary>The state a callback helper passes on: the kernel takes a pointer to the program's stack.</summary>
    private Value StackState(StackEntry argument, string what, string helper)
    {
        var state = argument.Value;
        if (state.Kind is not (ValueKind.Stack or ValueKind.Unknown))
        {
            throw Error($"{what}'s state must be a local of the program ({helper} passes a pointer to the stack); this one is in {Describe(state.Kind)} memory");
        }

        return state;
    }

    private static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.MapValue => "map or global",
        ValueKind.Packet or ValueKind.Meta => "packet",
        ValueKind.Ctx => "context",
        ValueKind.Kernel => "kernel",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
