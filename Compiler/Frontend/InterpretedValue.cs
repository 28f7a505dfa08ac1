namespace TraitsBpf.Compiler.Frontend;

/// <summary>A value on the evaluation stack, in a local or in a reference-typed static of the compile-time static constructor interpreter.</summary>
internal abstract record InterpretedValue
{
    /// <summary>An IL integer: int32 (kept sign-extended) or int64/native int.</summary>
    public sealed record Integer(long Bits, bool Is64) : InterpretedValue
    {
        public static Integer Of32(long value) => new((int)value, false);

        public static Integer Of64(long value) => new(value, true);
    }

    /// <summary>A managed pointer or unmanaged pointer into a byte image.</summary>
    public sealed record Address(MemoryImage Image, int Offset) : InterpretedValue;

    /// <summary>A struct value copied out of memory (ldobj, ldfld of a struct, newobj of a struct).</summary>
    public sealed record StructValue(byte[] Bytes) : InterpretedValue;

    /// <summary>A string literal: only map and trait names use them.</summary>
    public sealed record Text(string Value) : InterpretedValue;

    /// <summary>An SDK map or trait declaration.</summary>
    public sealed record Declaration(StaticValue Value) : InterpretedValue;

    /// <summary>The null reference.</summary>
    public sealed record Null : InterpretedValue;

    /// <summary>
    /// A value the interpreter cannot know (a call without IL it can evaluate, a float, an
    /// object): storing it refuses the field it lands in, branching on it stops evaluation.
    /// </summary>
    public sealed record Refused(string Why, Diagnostics.SourceLocation? Location) : InterpretedValue;
}
