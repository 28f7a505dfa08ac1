using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// One member on a <see cref="KernelFieldAccess"/> path, and for a member that is an array (a C# fixed buffer) the
/// element it picks: CO-RE names the member by its position in the local struct and the element by its index.
/// </summary>
internal sealed record KernelFieldStep(FieldDesc Field, int? Element)
{
    /// <summary>A member; an array member starts at its element 0.</summary>
    public static KernelFieldStep Member(FieldDesc field) => new(field, field.FieldType.FixedBufferElement is null ? null : 0);

    /// <summary>Whether this step picks an element of an array.</summary>
    public bool IsArray => Element is not null;

    /// <summary>The member's type, or the element type of an array.</summary>
    public TypeDesc Target => Field.FieldType.FixedBufferElement ?? Field.FieldType;

    /// <summary>The accessors this step adds to the access string: the member's index, then the element's.</summary>
    public string Accessors => Element is { } element ? $":{MemberIndex}:{element}" : $":{MemberIndex}";

    /// <summary>The step's offset in the local (C#) layout.</summary>
    public int LocalOffset => Field.Offset + ((Element ?? 0) * Target.Size);

    /// <summary>The same array member, <paramref name="elements"/> elements further on.</summary>
    public KernelFieldStep Moved(int elements) => this with { Element = Element + elements };

    private int MemberIndex => Field.DeclaringType.Fields.ToList().IndexOf(Field);

    public override string ToString() => Element is { } element ? $".{Field.KernelName}[{element}]" : $".{Field.KernelName}";
}
