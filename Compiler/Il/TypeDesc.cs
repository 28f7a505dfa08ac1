namespace TraitsBpf.Compiler.Il;

/// <summary>
/// A type as the later stages see it: its kind, size and layout, with generic parameters
/// already substituted. Created only by <see cref="TypeSystem"/>, one instance per type, so
/// reference equality is type identity.
/// </summary>
internal sealed class TypeDesc
{
    private IReadOnlyList<FieldDesc>? fields;

    public TypeDesc(TypeKind kind, string fullName, string name, string ns)
    {
        Kind = kind;
        FullName = fullName;
        Name = name;
        Namespace = ns;
    }

    public TypeKind Kind { get; }

    /// <summary>Namespace-qualified name with generic arguments, e.g. <c>TraitsBpf.EthernetHeader</c>.</summary>
    public string FullName { get; }

    /// <summary>The simple name, e.g. <c>EthernetHeader</c>.</summary>
    public string Name { get; }

    public string Namespace { get; }

    /// <summary>The simple name of the assembly that defines the type (empty for primitives and constructed types).</summary>
    public string Assembly { get; init; } = "";

    /// <summary>True for primitives and for types another assembly can name (public, nested only in public types).</summary>
    public bool IsPublic { get; init; }

    /// <summary>
    /// The kernel struct this struct views (<c>[KernelType("sk_buff")]</c>), whose fields tracing programs
    /// read through CO-RE relocations; null for ordinary structs.
    /// </summary>
    public string? KernelName { get; init; }

    /// <summary>Pointee of a pointer or byref; underlying type of an enum.</summary>
    public TypeDesc? Element { get; init; }

    /// <summary>Size in bytes (0 for void and reference types).</summary>
    public int Size { get; set; }

    /// <summary>Alignment in bytes.</summary>
    public int Alignment { get; set; } = 1;

    /// <summary>Instance fields with offsets, for structs; computed lazily because layouts may refer to each other through pointers.</summary>
    public IReadOnlyList<FieldDesc> Fields
    {
        get => fields ?? [];
        set => fields = value;
    }

    /// <summary>The fixed-buffer element type when this struct is a compiler-generated <c>fixed T x[N]</c> buffer.</summary>
    public TypeDesc? FixedBufferElement { get; set; }

    /// <summary>Generic arguments of an instantiated generic type.</summary>
    public IReadOnlyList<TypeDesc> GenericArguments { get; init; } = [];

    public bool IsInteger => Kind is TypeKind.Boolean or TypeKind.Char or TypeKind.SByte or TypeKind.Byte
        or TypeKind.Int16 or TypeKind.UInt16 or TypeKind.Int32 or TypeKind.UInt32 or TypeKind.Int64
        or TypeKind.UInt64 or TypeKind.IntPtr or TypeKind.UIntPtr or TypeKind.Enum;

    public bool IsPointerLike => Kind is TypeKind.Pointer or TypeKind.ByRef;

    /// <summary>True for types a BPF register holds directly (integers, enums, pointers).</summary>
    public bool IsScalar => IsInteger || IsPointerLike;

    /// <summary>For enums the underlying integer type; otherwise the type itself.</summary>
    public TypeDesc Underlying => Kind == TypeKind.Enum ? Element! : this;

    /// <summary>True when the integer is signed (enums by their underlying type).</summary>
    public bool IsSigned => Underlying.Kind is TypeKind.SByte or TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 or TypeKind.IntPtr;

    public override string ToString() => FullName;
}
