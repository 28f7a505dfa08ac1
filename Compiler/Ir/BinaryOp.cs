namespace TraitsBpf.Compiler.Ir;

/// <summary>Two-operand integer operations, with C# semantics at the instruction's width.</summary>
internal enum BinaryOp
{
    Add,
    Sub,
    Mul,
    /// <summary>Signed division (C# <c>/</c> on signed types).</summary>
    Div,
    /// <summary>Unsigned division.</summary>
    DivUn,
    /// <summary>Signed remainder; the sign follows the dividend.</summary>
    Rem,
    /// <summary>Unsigned remainder.</summary>
    RemUn,
    And,
    Or,
    Xor,
    /// <summary>Shift left; the count is taken modulo the width, as C# does.</summary>
    Shl,
    /// <summary>Arithmetic shift right; count modulo the width.</summary>
    Shr,
    /// <summary>Logical shift right; count modulo the width.</summary>
    ShrUn,
}
