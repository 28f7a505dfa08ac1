using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>One argument register of a <see cref="CallbackShape"/>: a number, typed as the C# parameter it lands in, or a pointer of a known kind.</summary>
internal sealed record CallbackRegister(string Name, bool IsPointer, ValueKind Kind)
{
    public static CallbackRegister Number(string name) => new(name, false, ValueKind.Scalar);

    public static CallbackRegister Pointer(string name, ValueKind kind = ValueKind.Unknown) => new(name, true, kind);
}
