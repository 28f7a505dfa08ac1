namespace TraitsBpf.Compiler.Ir;

/// <summary>Read-modify-write operations BPF performs atomically on a 32- or 64-bit memory word.</summary>
internal enum AtomicOp
{
    Add,
    And,
    Or,
    Xor,
    /// <summary>Store the operand, return the old value.</summary>
    Exchange,
    /// <summary>Store the operand if memory equals the comparand, return the old value.</summary>
    CompareExchange,
}
