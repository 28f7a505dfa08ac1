namespace TraitsBpf.Compiler.Ir;

/// <summary>One-operand integer operations.</summary>
internal enum UnaryOp
{
    Neg,
    Not,
}
