using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// How a helper calls a callback subprogram back: the C prototype its registers follow, one instance per helper. The
/// C# method takes the registers after <see cref="HiddenRegisters"/> as its parameters, in order.
/// </summary>
internal sealed class CallbackShape
{
    private CallbackShape(string prototype, int hiddenRegisters, params CallbackRegister[] registers)
    {
        Prototype = prototype;
        HiddenRegisters = hiddenRegisters;
        Registers = registers;
    }

    /// <summary>bpf_loop: the C# method takes <c>(uint index, ref TState state)</c>.</summary>
    public static CallbackShape Loop { get; } = new("long callback(u64 index, void *ctx)", 0, CallbackRegister.Number("index"), CallbackRegister.Pointer("ctx"));

    /// <summary>bpf_for_each_map_elem: the C# method takes <c>(in TKey key, ref TValue value, ref TState state)</c>, without the map.</summary>
    public static CallbackShape MapElement { get; } = new(
        "long callback(struct bpf_map *map, const void *key, void *value, void *ctx)",
        1,
        CallbackRegister.Pointer("map"),
        CallbackRegister.Pointer("key"),
        CallbackRegister.Pointer("value", ValueKind.MapValue),
        CallbackRegister.Pointer("ctx"));

    /// <summary>
    /// bpf_timer_set_callback, called when the timer fires, outside any program run (so with no context): the C# method
    /// takes <c>(in TKey key, ref TValue value)</c>, without the map.
    /// </summary>
    public static CallbackShape TimerElement { get; } = new(
        "long callback(void *map, void *key, void *value)",
        1,
        CallbackRegister.Pointer("map"),
        CallbackRegister.Pointer("key"),
        CallbackRegister.Pointer("value", ValueKind.MapValue));

    /// <summary>
    /// bpf_user_ringbuf_drain: the C# method takes <c>(in Dynptr record, ref TState state)</c>; the dynptr is the kernel's,
    /// on its stack, not the program's.
    /// </summary>
    public static CallbackShape UserRingBufferRecord { get; } = new(
        "long callback(const struct bpf_dynptr *record, void *ctx)", 0, CallbackRegister.Pointer("record"), CallbackRegister.Pointer("ctx"));

    /// <summary>The C prototype, for messages and comments.</summary>
    public string Prototype { get; }

    /// <summary>How many leading registers have no C# parameter (the map a map or timer callback gets first).</summary>
    public int HiddenRegisters { get; }

    /// <summary>r1, r2, ... as the helper fills them.</summary>
    public IReadOnlyList<CallbackRegister> Registers { get; }

    public override string ToString() => Prototype;
}
