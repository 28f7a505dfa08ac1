namespace TraitsBpf.Compiler;

/// <summary>A global variable of a compiled object that comes from a C# static field.</summary>
/// <param name="Name">The field's name: its BTF variable name.</param>
/// <param name="Section"><c>.data</c>, <c>.bss</c> or <c>.rodata</c>, or a named <c>.data.NAME</c> or <c>.rodata.NAME</c>.</param>
/// <param name="Type">Its C# type as another assembly writes it; null when it cannot be named from outside (not public, a pointer).</param>
/// <param name="Size">Size in bytes.</param>
public sealed record CompiledGlobal(string Name, string Section, string? Type, int Size);
