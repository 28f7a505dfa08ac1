namespace TraitsBpf;

/// <summary>The kernel's name of a field of a <see cref="KernelTypeAttribute"/> struct, when it is not the C# name in snake_case.</summary>
/// <param name="name">The field's name in the kernel struct.</param>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class KernelFieldAttribute(string name) : Attribute
{
    /// <summary>The kernel's field name.</summary>
    public string Name { get; } = name;
}
