using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Serializes the .BTF.ext section: header, then a func_info block, a line_info block and a CO-RE
/// relocation block, each a record size followed by per-section groups. Instruction offsets are written in bytes, as clang
/// writes them in an object file (libbpf divides by 8 before handing them to the kernel).
/// </summary>
internal static class BtfExtWriter
{
    public static byte[] Write(IReadOnlyList<BtfExtSection> sections)
    {
        byte[] funcInfo = WriteBlock(sections, BtfConstants.FuncInfoRecordSize, section => section.Functions.Count, WriteFunctions);
        byte[] lineInfo = WriteBlock(sections, BtfConstants.LineInfoRecordSize, section => section.Lines.Count, WriteLines);
        byte[] coreRelocations = WriteBlock(sections, BtfConstants.CoreRelocationRecordSize, section => section.CoreRelocations.Count, WriteCoreRelocations);

        var ext = new LittleEndianWriter();
        ext.WriteUInt16(BtfConstants.Magic);
        ext.WriteByte(BtfConstants.Version);
        ext.WriteByte(0);
        ext.WriteUInt32(BtfConstants.ExtHeaderSize);
        ext.WriteUInt32(0);
        ext.WriteUInt32((uint)funcInfo.Length);
        ext.WriteUInt32((uint)funcInfo.Length);
        ext.WriteUInt32((uint)lineInfo.Length);
        ext.WriteUInt32((uint)(funcInfo.Length + lineInfo.Length));
        ext.WriteUInt32((uint)coreRelocations.Length);
        ext.WriteBytes(funcInfo);
        ext.WriteBytes(lineInfo);
        ext.WriteBytes(coreRelocations);
        return ext.ToArray();
    }

    /// <summary>
    /// An empty block must have length 0 rather than just a record size: libbpf rejects a
    /// block that has a record size but no records.
    /// </summary>
    private static byte[] WriteBlock(
        IReadOnlyList<BtfExtSection> sections, int recordSize, Func<BtfExtSection, int> count, Action<LittleEndianWriter, BtfExtSection> writeRecords)
    {
        if (sections.All(section => count(section) == 0))
            return [];
        var block = new LittleEndianWriter();
        block.WriteUInt32((uint)recordSize);
        foreach (BtfExtSection section in sections.Where(section => count(section) > 0))
        {
            block.WriteUInt32((uint)section.SectionNameOffset);
            block.WriteUInt32((uint)count(section));
            writeRecords(block, section);
        }
        return block.ToArray();
    }

    private static void WriteFunctions(LittleEndianWriter block, BtfExtSection section)
    {
        foreach (FuncInfoEntry function in section.Functions)
        {
            block.WriteUInt32((uint)(function.InstructionOffset * BpfInstruction.Size));
            block.WriteUInt32((uint)function.FuncTypeId);
        }
    }

    private static void WriteLines(LittleEndianWriter block, BtfExtSection section)
    {
        foreach (LineInfoEntry line in section.Lines)
        {
            block.WriteUInt32((uint)(line.InstructionOffset * BpfInstruction.Size));
            block.WriteUInt32((uint)line.FileNameOffset);
            block.WriteUInt32((uint)line.LineTextOffset);
            block.WriteUInt32((uint)line.Line << BtfConstants.LineShift | (uint)line.Column);
        }
    }

    private static void WriteCoreRelocations(LittleEndianWriter block, BtfExtSection section)
    {
        foreach (CoreRelocationEntry relocation in section.CoreRelocations)
        {
            block.WriteUInt32((uint)(relocation.InstructionOffset * BpfInstruction.Size));
            block.WriteUInt32((uint)relocation.TypeId);
            block.WriteUInt32((uint)relocation.AccessStringOffset);
            block.WriteUInt32((uint)relocation.Kind);
        }
    }
}
