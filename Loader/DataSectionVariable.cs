namespace TraitsBpf.Loader;

/// <summary>A global variable of an object's data sections (<c>.data</c>, <c>.bss</c>, <c>.rodata</c> and their named forms), as its BTF describes it.</summary>
/// <param name="Name">The variable's name in BTF (a C# program's static field name).</param>
/// <param name="Section">The data section that holds it.</param>
/// <param name="Offset">Byte offset within the section.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Kind">How its bytes are interpreted.</param>
public sealed record DataSectionVariable(string Name, string Section, int Offset, int Size, RodataValueKind Kind)
{
    /// <summary>True for <c>.rodata</c> variables: programs cannot write them, and after load nobody can.</summary>
    public bool IsReadOnly => Section.StartsWith(".rodata", StringComparison.Ordinal);
}
