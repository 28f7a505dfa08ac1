namespace TraitsBpf.Object.Writing;

/// <summary>An Elf64_Sym before its name is interned: value and size in bytes, type and binding (STT_*, STB_*).</summary>
internal sealed record ElfSymbol(string Name, ulong Value, ulong Size, byte Type, byte Binding, int SectionIndex);
