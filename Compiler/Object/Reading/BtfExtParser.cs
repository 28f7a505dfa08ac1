using TraitsBpf.Compiler.Object.Format;

namespace TraitsBpf.Compiler.Object.Reading;

/// <summary>
/// Parses .BTF.ext func_info and line_info (Documentation/bpf/btf.rst, "BTF Ext Section").
/// In an object file instruction offsets are bytes; records are returned in instructions.
/// CO-RE relocation records are not needed by anything here and are skipped.
/// </summary>
internal static class BtfExtParser
{
    private const int MinimumHeaderSize = 24;

    public static (List<FuncInfoRecord> Functions, List<LineInfoRecord> Lines) Parse(ByteReader section, BtfTable btf)
    {
        if (section.Length < MinimumHeaderSize)
            throw new ObjectFormatException($"The {section.What} is {section.Length} bytes, too short for a .BTF.ext header.");
        if (section.U16(0) != BtfConstants.Magic)
            throw new ObjectFormatException($"The {section.What} does not start with the BTF magic 0xeB9F.");
        uint headerLength = section.U32(4);
        if (headerLength < MinimumHeaderSize || headerLength > section.Length)
            throw new ObjectFormatException($"The {section.What} has a header length of {headerLength} bytes, which does not fit.");

        var functions = new List<FuncInfoRecord>();
        foreach ((string sectionName, ByteReader record) in Records(section, headerLength, section.U32(8), section.U32(12), BtfConstants.FuncInfoRecordSize, "func_info", btf))
        {
            int offset = InstructionOffset(record.U32(0), "func_info");
            uint typeId = record.U32(4);
            RawBtfType? function = btf.IsValidId(typeId) ? btf.Type((int)typeId) : null;
            if (function is null || function.Kind != BtfKind.Func)
                throw new ObjectFormatException($"A func_info record for section '{sectionName}' names BTF type {typeId}, which is not a FUNC.");
            functions.Add(new FuncInfoRecord(sectionName, offset, (int)typeId, function.Name));
        }

        var lines = new List<LineInfoRecord>();
        foreach ((string sectionName, ByteReader record) in Records(section, headerLength, section.U32(16), section.U32(20), BtfConstants.LineInfoRecordSize, "line_info", btf))
        {
            int offset = InstructionOffset(record.U32(0), "line_info");
            string file = btf.String(record.U32(4), "line_info file name");
            string text = btf.String(record.U32(8), "line_info line text");
            uint lineColumn = record.U32(12);
            lines.Add(new LineInfoRecord(sectionName, offset, file, (int)(lineColumn >> BtfConstants.LineShift), (int)(lineColumn & BtfConstants.MaxColumn), text));
        }
        return (functions, lines);
    }

    /// <summary>Walks one info block: a record size, then groups of (section name, count, records).</summary>
    private static IEnumerable<(string SectionName, ByteReader Record)> Records(
        ByteReader section, uint headerLength, uint blockOffset, uint blockLength, int minimumRecordSize, string what, BtfTable btf)
    {
        if (blockLength == 0)
            yield break;
        ByteReader block = section.Slice(headerLength + (long)blockOffset, blockLength, $".BTF.ext {what} block");
        uint recordSize = block.U32(0);
        if (recordSize < minimumRecordSize || recordSize % 4 != 0)
            throw new ObjectFormatException($"The .BTF.ext {what} records are {recordSize} bytes; they must be at least {minimumRecordSize} and a multiple of 4.");
        long at = 4;
        while (at < block.Length)
        {
            string sectionName = btf.String(block.U32(at), $".BTF.ext {what} section name");
            uint count = block.U32(at + 4);
            at += 8;
            block.Require(at, count * (long)recordSize, $"{count} {what} records for section '{sectionName}'");
            for (uint i = 0; i < count; i++, at += recordSize)
                yield return (sectionName, block.Slice(at, recordSize, $"{what} record"));
        }
    }

    private static int InstructionOffset(uint byteOffset, string what) =>
        byteOffset % BpfInstruction.Size == 0
            ? (int)(byteOffset / BpfInstruction.Size)
            : throw new ObjectFormatException($"A {what} record points at byte {byteOffset}, which is not the start of an 8-byte instruction.");
}
