namespace TraitsBpf.Compiler.Il;

/// <summary>What a <see cref="TypeDesc"/> is, as far as BPF code generation cares.</summary>
internal enum TypeKind
{
    Void,
    Boolean,
    Char,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    IntPtr,
    UIntPtr,
    Single,
    Double,
    Pointer,
    ByRef,
    Struct,
    Enum,
    Class,
    Other,
}
