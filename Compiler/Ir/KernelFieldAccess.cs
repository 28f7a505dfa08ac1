using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A field of a <c>[KernelType]</c> struct as a CO-RE relocation names it: the struct (the relocation's
/// root type) and the field's position among the struct's members, spelled as clang spells the access
/// ("0:3": the pointer itself, then member 3). libbpf finds the field of that name in the running
/// kernel's struct and patches the instruction with its offset there.
/// </summary>
internal sealed record KernelFieldAccess(TypeDesc Struct, FieldDesc Field)
{
    /// <summary>The field's index among the struct's declared fields.</summary>
    public int FieldIndex => Struct.Fields.ToList().IndexOf(Field);

    /// <summary>The access string of the .BTF.ext CO-RE record.</summary>
    public string AccessString => $"0:{FieldIndex}";

    /// <summary>The field's offset in the local (C#) layout: what the instruction holds until libbpf patches it.</summary>
    public int LocalOffset => Field.Offset;

    public override string ToString() => $"{Struct.KernelName}.{Field.KernelName}";
}
