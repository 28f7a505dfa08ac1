namespace TraitsBpf;

/// <summary>
/// Marks a struct as a view of a kernel struct for tracing programs: it declares only the fields
/// the program reads, and each read is compiled with a CO-RE relocation (as clang's
/// <c>preserve_access_index</c>), so libbpf moves it to the field's offset in the running kernel.
/// Fields are matched by name: the C# name in snake_case (<c>DataLen</c> is <c>data_len</c>),
/// or the name given with <see cref="KernelFieldAttribute"/>.
/// </summary>
/// <param name="name">The kernel's struct name, e.g. <c>sk_buff</c>.</param>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class KernelTypeAttribute(string name) : Attribute
{
    /// <summary>The kernel's struct name.</summary>
    public string Name { get; } = name;
}
