namespace TraitsBpf;

/// <summary>
/// Puts a global variable (a static field that is not a map) in a data section of its own, as C's
/// <c>SEC(".data.NAME")</c>: <c>.data.NAME</c>, or <c>.rodata.NAME</c> for a <c>static readonly</c>
/// field, with its own DATASEC, so libbpf gives the section a map of its own (one a program can
/// share, size or freeze apart from <c>.data</c>). The variable keeps the field's name, and
/// <c>traitsbpf load --set</c> and the skeleton reach it as any other global.
/// </summary>
/// <param name="name">The section's name after <c>.data.</c> or <c>.rodata.</c>: letters, digits, '_' and '.'.</param>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class DataSectionAttribute(string name) : Attribute
{
    /// <summary>The section's name after <c>.data.</c> or <c>.rodata.</c>.</summary>
    public string Name { get; } = name;
}
