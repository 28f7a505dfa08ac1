using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// A value on the IL evaluation stack with its C# type. A struct value is represented by the
/// address of a stack slot holding a private copy of it.
/// </summary>
internal readonly record struct StackEntry(Value Value, TypeDesc Type)
{
    public bool IsStruct => Type.Kind == TypeKind.Struct;
}
