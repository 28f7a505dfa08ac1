using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>Encodes a code section's relocations as Elf64_Rel entries (byte offset, symbol index and type in r_info).</summary>
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
}
