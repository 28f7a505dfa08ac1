namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// The width of an IR value. I32 values use only the low 32 bits of a register (the upper half
/// is unspecified until an explicit extension); pointers are I64.
/// </summary>
internal enum IrType
{
    I32,
    I64,
}
