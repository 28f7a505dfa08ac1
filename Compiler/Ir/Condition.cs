namespace TraitsBpf.Compiler.Ir;

/// <summary>Comparison conditions; the U forms compare unsigned.</summary>
internal enum Condition
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    LtU,
    LeU,
    GtU,
    GeU,
}
