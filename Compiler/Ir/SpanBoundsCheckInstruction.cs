namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A span index that must be below the span's length, where .NET would check it and throw. The
/// frontend emits one when it cannot prove the index in range while reading the IL (a loop
/// counter is a phi whose back edge is not translated yet); the passes fold it once unrolling or
/// the loop's own exit test bounds the index, and one still here after the pipeline is refused at
/// its C# line. It has an effect, so no pass drops it for being unused.
/// </summary>
internal sealed class SpanBoundsCheckInstruction(Value pointer, Value index, Value length, string methodName)
    : Instruction(IrType.I64, ValueKind.Scalar, pointer, index, length)
{
    /// <summary>The span's first element, whose kind decides whether a variable index can do.</summary>
    public Value Pointer => Operands[0];

    public Value Index => Operands[1];

    public Value Length => Operands[2];

    /// <summary>
    /// True unless the span is known to be over the stack or a map value (.rodata included):
    /// over the packet the index must end as a constant, since the verifier needs a comparison
    /// with the packet's end for each variable offset. The kind is read when the check is
    /// folded, after the passes have resolved the phis of loops and merges that hid it.
    /// </summary>
    public bool NeedsConstantIndex => Pointer.Kind is not (ValueKind.Stack or ValueKind.MapValue);

    /// <summary>The C# method the index is in, for the refusal when there is no line.</summary>
    public string MethodName { get; } = methodName;

    /// <summary>The refusal of a span over the packet indexed or sliced by a value that is not a constant.</summary>
    public const string VariablePacketOffset =
        "a span over the packet indexed or sliced by a value known only at run time: the verifier needs a comparison with ctx.DataEnd for each variable offset, which a span has no place for; use a constant index (a loop over a packet span is unrolled, each index a constant, when it has at most 16 trips and a small body), or a pointer checked against ctx.DataEnd";

    /// <summary>The refusal of an index not proven below the span's length, each described as a number or a range.</summary>
    public static string IndexOutOfRange(string index, string length) =>
        $"the span index is not provably below the span's length ({index} against {length}): .NET would throw IndexOutOfRangeException, which a BPF program cannot; use a constant index, a loop counter below the span's constant length, or mask it below a constant length";

    public override bool HasResult => false;

    public override bool HasSideEffects => true;

    protected override string Describe() => $"check.span {Name(Index)} <u {Name(Length)} of {Name(Pointer)}";
}
