using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// A local, argument or static field while the interpreter runs: value types live in a byte
/// image (so their address can be taken and their fields written); pointers, references and
/// declarations are held as values.
/// </summary>
internal sealed class InterpreterSlot
{
    private InterpreterSlot(TypeDesc type, MemoryImage? image)
    {
        Type = type;
        Image = image;
    }

    public TypeDesc Type { get; }

    /// <summary>The bytes of a value-typed slot; null for pointers and references.</summary>
    public MemoryImage? Image { get; }

    /// <summary>The value of a pointer or reference slot.</summary>
    public InterpretedValue Value { get; set; } = new InterpretedValue.Null();

    public static InterpreterSlot For(TypeDesc type, string owner) =>
        new(type, HoldsBytes(type) ? new MemoryImage(type.Size, owner) : null);

    /// <summary>Integers, enums and structs are bytes; pointers, byrefs and class references are values.</summary>
    public static bool HoldsBytes(TypeDesc type) => type.IsInteger || type.Kind is TypeKind.Struct or TypeKind.Single or TypeKind.Double;
}
