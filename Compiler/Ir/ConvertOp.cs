namespace TraitsBpf.Compiler.Ir;

/// <summary>Integer conversions (the C# casts and CIL conv.* family).</summary>
internal enum ConvertOp
{
    /// <summary>I32 → I32, sign-extend the low 8 bits (conv.i1).</summary>
    SignExtend8,
    /// <summary>I32 → I32, sign-extend the low 16 bits (conv.i2).</summary>
    SignExtend16,
    /// <summary>I32 → I32, keep the low 8 bits (conv.u1).</summary>
    ZeroExtend8,
    /// <summary>I32 → I32, keep the low 16 bits (conv.u2).</summary>
    ZeroExtend16,
    /// <summary>I32 → I64 signed (conv.i8, conv.i).</summary>
    SignExtend32,
    /// <summary>I32 → I64 unsigned (conv.u8, conv.u).</summary>
    ZeroExtend32,
    /// <summary>I64 → I32, keep the low 32 bits (conv.i4, conv.u4).</summary>
    Truncate,
}
