using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A field of a <c>[KernelType]</c> struct as a CO-RE relocation names it: the struct the pointer points to (the
/// relocation's root type) and the path of members, and array elements, from it down to the field, spelled as clang
/// spells the access ("0:3": the pointer itself, then member 3; "0:0:13:0:2:1": member 0, member 13 of that, ...,
/// element 1 of an array). libbpf follows the same names through the running kernel's structs and patches the
/// instruction with the offset it finds there.
/// </summary>
internal sealed class KernelFieldAccess
{
    private KernelFieldAccess(TypeDesc root, IReadOnlyList<KernelFieldStep> steps)
    {
        Root = root;
        Steps = steps;
    }

    /// <summary>The struct the pointer points to.</summary>
    public TypeDesc Root { get; }

    /// <summary>The members from <see cref="Root"/> down, each with the element it picks when it is an array.</summary>
    public IReadOnlyList<KernelFieldStep> Steps { get; }

    /// <summary>The last member on the path.</summary>
    public FieldDesc Field => Steps[^1].Field;

    /// <summary>What the path reaches: the last member's type, or its element type when it is an array.</summary>
    public TypeDesc Target => Steps[^1].Target;

    /// <summary>The access string of the .BTF.ext CO-RE record.</summary>
    public string AccessString => "0" + string.Concat(Steps.Select(s => s.Accessors));

    /// <summary>The reached field's offset in the local (C#) layout: what the instruction holds until libbpf patches it.</summary>
    public int LocalOffset => Steps.Sum(s => s.LocalOffset);

    /// <summary><paramref name="field"/> of the struct a pointer points to.</summary>
    public static KernelFieldAccess Of(TypeDesc root, FieldDesc field) => new(root, [KernelFieldStep.Member(field)]);

    /// <summary>This path continued into <paramref name="field"/>, a member of the struct it reaches.</summary>
    public KernelFieldAccess Then(FieldDesc field) => new(Root, [.. Steps, KernelFieldStep.Member(field)]);

    /// <summary>This path, which reaches a struct, continued by <paramref name="inner"/>, a path from that struct.</summary>
    public KernelFieldAccess Through(KernelFieldAccess inner) => new(Root, [.. Steps, .. inner.Steps]);

    /// <summary>This path, which reaches an array element, moved by <paramref name="elements"/> elements.</summary>
    public KernelFieldAccess MoveElement(int elements) => new(Root, [.. Steps.SkipLast(1), Steps[^1].Moved(elements)]);

    /// <summary>The array this path reaches an element of, named without the element: <c>tcp6_sock.inet6.saddr.in6_u.u6_addr32</c>.</summary>
    public string ArrayName => Root.KernelName + string.Concat(Steps.SkipLast(1).Select(s => s.ToString())) + "." + Field.KernelName;

    public override string ToString() => Root.KernelName + string.Concat(Steps.Select(s => s.ToString()));
}
