namespace TraitsBpf.Compiler.Il;

/// <summary>A field: its type, byte offset (instance fields) and what it is declared as.</summary>
internal sealed class FieldDesc
{
    public FieldDesc(string name, TypeDesc declaringType, TypeDesc fieldType, int offset, bool isStatic, bool isInitOnly)
    {
        Name = name;
        DeclaringType = declaringType;
        FieldType = fieldType;
        Offset = offset;
        IsStatic = isStatic;
        IsInitOnly = isInitOnly;
    }

    public string Name { get; }

    public TypeDesc DeclaringType { get; }

    public TypeDesc FieldType { get; }

    /// <summary>Byte offset from the start of the declaring struct (instance fields).</summary>
    public int Offset { get; }

    public bool IsStatic { get; }

    public bool IsInitOnly { get; }

    /// <summary>The value of a <c>const</c> field, or of a <c>static readonly</c> field set to a constant.</summary>
    public object? ConstantValue { get; init; }

    /// <summary>
    /// The bytes a static field is mapped onto in the assembly image (an RVA field): where C#
    /// keeps constant data such as <c>static ReadOnlySpan&lt;byte&gt; T =&gt; [1, 2, 3]</c>; null for other fields.
    /// </summary>
    public byte[]? InitialData { get; init; }

    /// <summary>The section name in the field's <c>[DataSection]</c>: the global lives in <c>.data.NAME</c> or <c>.rodata.NAME</c>; null otherwise.</summary>
    public string? DataSection { get; init; }

    /// <summary>Whether the static field is marked <c>[Pinned]</c>: its map is pinned by name (LIBBPF_PIN_BY_NAME).</summary>
    public bool IsPinned { get; init; }

    /// <summary>The field's name in the kernel struct, for fields of a <see cref="TypeDesc.KernelName"/> struct; null otherwise.</summary>
    public string? KernelName { get; init; }

    /// <summary>Declaring type and name, for messages.</summary>
    public string FullName => $"{DeclaringType.FullName}::{Name}";

    public override string ToString() => FullName;
}
