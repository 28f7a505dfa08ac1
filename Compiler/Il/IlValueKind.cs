namespace TraitsBpf.Compiler.Il;

/// <summary>The primitive a typed CIL instruction works on (the suffix of ldind.i4, conv.u2, ...).</summary>
internal enum IlValueKind
{
    None,
    I1,
    U1,
    I2,
    U2,
    I4,
    U4,
    I8,
    U8,
    I,
    U,
    R4,
    R8,
    RUn,
    Ref,
    Any,
}
