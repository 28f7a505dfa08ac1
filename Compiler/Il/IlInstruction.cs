using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Il;

/// <summary>One normalized CIL instruction. Branch targets are instruction indexes, not byte offsets.</summary>
internal sealed class IlInstruction
{
    public required IlOpcode Op { get; init; }

    /// <summary>Index in the method body.</summary>
    public required int Index { get; init; }

    /// <summary>Byte offset in the IL stream (for messages).</summary>
    public required int Offset { get; init; }

    /// <summary>The original mnemonic, e.g. <c>ldc.i4.s</c>, for messages.</summary>
    public required string Mnemonic { get; init; }

    /// <summary>Integer operand: constant, argument or local number.</summary>
    public long Int { get; init; }

    public double Float { get; init; }

    /// <summary>Branch target index.</summary>
    public int Target { get; init; } = -1;

    /// <summary>Switch target indexes.</summary>
    public IReadOnlyList<int> Targets { get; init; } = [];

    public TypeDesc? Type { get; init; }

    public FieldDesc? Field { get; init; }

    public MethodDesc? Method { get; init; }

    public string? String { get; init; }

    /// <summary>Primitive of ldind/stind/conv/ldelem/stelem.</summary>
    public IlValueKind Kind { get; init; }

    /// <summary>The <c>.ovf</c> forms of conv and arithmetic.</summary>
    public bool Overflow { get; init; }

    /// <summary>The <c>.un</c> forms.</summary>
    public bool Unsigned { get; init; }

    /// <summary>The type of a preceding <c>constrained.</c> prefix.</summary>
    public TypeDesc? Constrained { get; init; }

    /// <summary>The C# source this instruction came from (nearest preceding sequence point).</summary>
    public SourceLocation? Location { get; init; }

    public override string ToString() => $"IL_{Offset:x4}: {Mnemonic}";
}
