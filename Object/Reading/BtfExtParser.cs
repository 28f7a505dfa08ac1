using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Reading;

/// <summary>
/// Parses .BTF.ext func_info, line_info and CO-RE relocations (Documentation/bpf/btf.rst, "BTF Ext Section").
/// In an object file instruction offsets are bytes; records are returned in instructions.
/// <see cref="Validate"/> checks the records too, because libbpf reads them without checking.
/// </summary>
internal static class BtfExtParser
{
    /// <summary>A bound no real record comes near (the kernel's is 252 bytes), so a corrupted size is caught here.</summary>
    private const int MaximumRecordSize = 1024;

    public static (List<FuncInfoRecord> Functions, List<LineInfoRecord> Lines, List<CoreRelocationRecord> CoreRelocations) Parse(ByteReader section, BtfTable btf)
    {
        uint headerLength = BtfTable.HeaderLength(section, ".BTF.ext");
        var functions = new List<FuncInfoRecord>();
        foreach ((string sectionName, ByteReader record) in FuncInfos(section, headerLength, btf))
        {
            int offset = InstructionOffset(record.U32(0), "func_info");
            uint typeId = record.U32(4);
            RawBtfType? function = btf.IsValidId(typeId) ? btf.Type((int)typeId) : null;
            if (function is null || function.Kind != BtfKind.Func)
                throw new ObjectFormatException($"A func_info record for section '{sectionName}' names BTF type {typeId}, which is not a FUNC.");
            functions.Add(new FuncInfoRecord(sectionName, offset, (int)typeId, function.Name));
        }

        var lines = new List<LineInfoRecord>();
        foreach ((string sectionName, ByteReader record) in LineInfos(section, headerLength, btf))
        {
            int offset = InstructionOffset(record.U32(0), "line_info");
            string file = btf.String(record.U32(4), "line_info file name");
            string text = btf.String(record.U32(8), "line_info line text");
            uint lineColumn = record.U32(12);
            lines.Add(new LineInfoRecord(sectionName, offset, file, (int)(lineColumn >> BtfConstants.LineShift), (int)(lineColumn & BtfConstants.MaxColumn), text));
        }

        var core = new List<CoreRelocationRecord>();
        foreach ((string sectionName, ByteReader record) in CoreRelocations(section, headerLength, btf))
        {
            int offset = InstructionOffset(record.U32(0), "CO-RE relocation");
            uint typeId = record.U32(4);
            RequireType(btf, typeId, "CO-RE relocation");
            string access = btf.String(record.U32(8), "CO-RE access string");
            core.Add(new CoreRelocationRecord(sectionName, offset, (int)typeId, btf.Type((int)typeId)?.Name ?? "", access, (int)record.U32(12)));
        }
        return (functions, lines, core);
    }

    /// <summary>
    /// Checks what libbpf trusts before an object is handed to it: that every func_info, line_info
    /// and CO-RE relocation record lies inside the section and that the type ids and string offsets
    /// it carries exist. Unlike <see cref="Parse"/> it asks no more than that: whether func_info
    /// names a FUNC and offsets fall on instructions is the kernel's to judge when it loads the program.
    /// </summary>
    public static void Validate(ByteReader section, BtfTable btf)
    {
        uint headerLength = BtfTable.HeaderLength(section, ".BTF.ext");
        foreach ((_, ByteReader record) in FuncInfos(section, headerLength, btf))
            RequireType(btf, record.U32(4), "func_info");
        foreach ((_, ByteReader record) in LineInfos(section, headerLength, btf))
        {
            btf.String(record.U32(4), "line_info file name");
            btf.String(record.U32(8), "line_info line text");
        }
        foreach ((_, ByteReader record) in CoreRelocations(section, headerLength, btf))
        {
            RequireType(btf, record.U32(4), "CO-RE relocation");
            btf.String(record.U32(8), "CO-RE access string");
        }
    }

    private static IEnumerable<(string SectionName, ByteReader Record)> FuncInfos(ByteReader section, uint headerLength, BtfTable btf) =>
        Records(section, headerLength, section.U32(8), section.U32(12), BtfConstants.FuncInfoRecordSize, "func_info", btf);

    private static IEnumerable<(string SectionName, ByteReader Record)> LineInfos(ByteReader section, uint headerLength, BtfTable btf) =>
        Records(section, headerLength, section.U32(16), section.U32(20), BtfConstants.LineInfoRecordSize, "line_info", btf);

    /// <summary>The CO-RE block, which only the long header (32 bytes, as clang writes it) has.</summary>
    private static IEnumerable<(string SectionName, ByteReader Record)> CoreRelocations(ByteReader section, uint headerLength, BtfTable btf) =>
        headerLength < BtfConstants.ExtHeaderSize
            ? []
            : Records(section, headerLength, section.U32(24), section.U32(28), BtfConstants.CoreRelocationRecordSize, "CO-RE relocation", btf);

    /// <summary>Walks one info block: a record size, then groups of (section name, count, records).</summary>
    private static IEnumerable<(string SectionName, ByteReader Record)> Records(
        ByteReader section, uint headerLength, uint blockOffset, uint blockLength, int minimumRecordSize, string what, BtfTable btf)
    {
        if (blockLength == 0)
            yield break;
        ByteReader block = section.Slice(headerLength + (long)blockOffset, blockLength, $".BTF.ext {what} block");
        uint recordSize = block.U32(0);
        if (recordSize < minimumRecordSize || recordSize % 4 != 0 || recordSize > MaximumRecordSize)
            throw new ObjectFormatException($"The .BTF.ext {what} records are {recordSize} bytes; they must be at least {minimumRecordSize}, at most {MaximumRecordSize} and a multiple of 4.");
        long at = 4;
        while (at < block.Length)
        {
            string sectionName = btf.String(block.U32(at), $".BTF.ext {what} section name");
            uint count = block.U32(at + 4);
            at += 8;
            // libbpf refuses a group without records; saying so here names the group.
            if (count == 0)
                throw new ObjectFormatException($"The .BTF.ext {what} group for section '{sectionName}' has no records.");
            block.Require(at, count * (long)recordSize, $"{count} {what} records for section '{sectionName}'");
            for (uint i = 0; i < count; i++, at += recordSize)
                yield return (sectionName, block.Slice(at, recordSize, $"{what} record"));
        }
    }

    private static void RequireType(BtfTable btf, uint typeId, string what)
    {
        if (!btf.IsValidId(typeId))
            throw new ObjectFormatException($"A .BTF.ext {what} record refers to BTF type {typeId}, but there are {btf.Count} types.");
    }

    private static int InstructionOffset(uint byteOffset, string what) =>
        byteOffset % BpfInstruction.Size == 0
            ? (int)(byteOffset / BpfInstruction.Size)
            : throw new ObjectFormatException($"A {what} record points at byte {byteOffset}, which is not the start of an 8-byte instruction.");
}
