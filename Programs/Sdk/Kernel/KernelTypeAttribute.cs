namespace TraitsBpf;

/// <summary>
/// Marks a struct as a view of a kernel struct, read through a pointer the program got from the kernel (a tracing
/// program's argument, <see cref="TcContext.KernelSkBuff"/>, a socket cast): it declares only the fields the program
/// reads, and each read is compiled with a CO-RE relocation (as clang's <c>preserve_access_index</c>), so libbpf moves
/// it to the field's offset in the running kernel. Fields are matched by name: the C# name in snake_case
/// (<c>DataLen</c> is <c>data_len</c>), or the name given with <see cref="KernelFieldAttribute"/>. A field may be
/// another such struct the kernel embeds (read through, one relocation down the whole path) or a fixed buffer, an
/// array read at constant indexes.
/// </summary>
/// <param name="name">The kernel's struct name, e.g. <c>sk_buff</c>; empty for a struct or union the kernel declares without a name inside another.</param>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class KernelTypeAttribute(string name) : Attribute
{
    /// <summary>The kernel's struct name.</summary>
    public string Name { get; } = name;
}
