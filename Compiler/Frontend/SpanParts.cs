using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// What a <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c> is in a compiled program: the
/// address of its first element (keeping the memory's kind for the verifier) and its length in
/// elements, an I32 that is a constant whenever the compiler can see it.
/// </summary>
internal readonly record struct SpanParts(Value Pointer, Value Length)
{
    /// <summary><c>default(Span&lt;T&gt;)</c>: no memory, no elements.</summary>
    public static SpanParts Empty => new(new Constant(0, IrType.I64), new Constant(0, IrType.I32));

    /// <summary>The length when the compiler knows it.</summary>
    public int? ConstantLength => Length is Constant c ? (int)c.Value : null;
}
