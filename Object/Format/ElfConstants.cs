namespace TraitsBpf.Object.Format;

/// <summary>The ELF64 numbers a BPF relocatable object uses (elf.h).</summary>
internal static class ElfConstants
{
    public const int HeaderSize = 64;
    public const int SectionHeaderSize = 64;
    public const int SymbolSize = 24;
    public const int RelocationSize = 16;

    public const byte ClassElf64 = 2;
    public const byte DataLittleEndian = 1;
    public const byte VersionCurrent = 1;
    public const ushort TypeRelocatable = 1;
    public const ushort MachineBpf = 247;

    public const uint SectionNull = 0;
    public const uint SectionProgBits = 1;
    public const uint SectionSymbolTable = 2;
    public const uint SectionStringTable = 3;
    public const uint SectionRel = 9;
    public const uint SectionNoBits = 8;

    public const ulong FlagWrite = 0x1;
    public const ulong FlagAlloc = 0x2;
    public const ulong FlagExecute = 0x4;
    public const ulong FlagInfoLink = 0x40;

    public const byte BindLocal = 0;
    public const byte BindGlobal = 1;

    public const byte SymbolNoType = 0;
    public const byte SymbolObject = 1;
    public const byte SymbolFunction = 2;
    public const byte SymbolSection = 3;

    public const ushort SectionIndexUndefined = 0;
    public const ushort SectionIndexLowReserve = 0xff00;

    /// <summary>R_BPF_64_64: the 64-bit immediate of an ld_imm64 (map or global address).</summary>
    public const uint RelocationBpf64_64 = 1;

    /// <summary>R_BPF_64_ABS64: 8 bytes of data holding a symbol's address (a map of maps' slot in .maps).</summary>
    public const uint RelocationBpf64Abs64 = 2;

    /// <summary>R_BPF_64_32: the 32-bit immediate of a call (subprogram or kfunc).</summary>
    public const uint RelocationBpf64_32 = 10;
}
