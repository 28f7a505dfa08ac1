using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>Encodes a section's relocations as Elf64_Rel entries (byte offset, symbol index and type in r_info).</summary>
internal static class RelocationTableWriter
{
    public static byte[] Write(IEnumerable<SymbolicRelocation> relocations, ObjectSymbolTable symbols)
    {
        var bytes = new LittleEndianWriter();
        foreach (SymbolicRelocation relocation in relocations)
        {
            bytes.WriteUInt64((ulong)relocation.InstructionOffset * BpfInstruction.Size);
            bytes.WriteUInt64((ulong)symbols.IndexOf(relocation.Target) << 32 | relocation.Type);
        }
        return bytes.ToArray();
    }

    /// <summary>A data section's relocations: byte offsets, each against a global symbol.</summary>
    public static byte[] Write(IEnumerable<DataRelocation> relocations, ObjectSymbolTable symbols)
    {
        var bytes = new LittleEndianWriter();
        foreach (DataRelocation relocation in relocations)
        {
            bytes.WriteUInt64((ulong)relocation.Offset);
            bytes.WriteUInt64((ulong)symbols.IndexOf(new SymbolReference(relocation.Symbol, false)) << 32 | ElfConstants.RelocationBpf64Abs64);
        }
        return bytes.ToArray();
    }
}
