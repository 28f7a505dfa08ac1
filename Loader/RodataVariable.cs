namespace TraitsBpf.Loader;

/// <summary>A read-only global (a C <c>const volatile</c> or a C# <c>static readonly</c> scalar) that can be set before load.</summary>
/// <param name="Name">The variable's name in BTF.</param>
/// <param name="Section">The data section that holds it (<c>.rodata</c> or <c>.rodata.*</c>).</param>
/// <param name="Offset">Byte offset within the section.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Kind">How its bytes are interpreted.</param>
public sealed record RodataVariable(string Name, string Section, int Offset, int Size, RodataValueKind Kind);
