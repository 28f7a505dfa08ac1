using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Reading;

/// <summary>Parses the ELF64 container: header, section headers and names, the symbol table and SHT_REL relocations.</summary>
internal static class ElfParser
{
    private const ushort ExtendedSectionIndex = 0xffff;

    public static ElfImage Parse(ReadOnlyMemory<byte> bytes)
    {
        var file = new ByteReader(bytes, "the file");
        ReadHeader(file, out long sectionHeaderOffset, out int sectionCount, out int nameTableIndex);
        var headers = Enumerable.Range(0, sectionCount)
            .Select(index => SectionHeader.Read(file, sectionHeaderOffset + (long)index * ElfConstants.SectionHeaderSize, index))
            .ToList();

        var contents = headers.Select(header => header.Contents(file)).ToList();
        if (headers[nameTableIndex].Type != ElfConstants.SectionStringTable)
            throw new ObjectFormatException($"Section {nameTableIndex}, named by e_shstrndx as the section name table, is not a string table.");
        ByteReader nameTable = contents[nameTableIndex];
        var sections = headers
            .Select(header => new ObjectSection(
                header.Index, nameTable.CString(header.NameOffset, "section name"), header.Type, header.Flags, header.Size,
                (int)header.Link, (int)header.Info, header.Alignment, header.EntrySize, contents[header.Index].Memory))
            .ToList();

        var symbols = ReadSymbols(file, headers, sections);
        var relocations = ReadRelocations(file, headers, sections, symbols);
        return new ElfImage(sections, symbols, relocations);
    }

    private static void ReadHeader(ByteReader file, out long sectionHeaderOffset, out int sectionCount, out int nameTableIndex)
    {
        if (file.Length < ElfConstants.HeaderSize)
            throw new ObjectFormatException($"The file is {file.Length} bytes, too short to be an ELF object.");
        if (!file.Span[..4].SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']))
            throw new ObjectFormatException("The file is not an ELF object (it does not start with \\x7fELF).");
        if (file.U8(4) != ElfConstants.ClassElf64)
            throw new ObjectFormatException("The file is not a 64-bit ELF object; BPF objects are ELF64.");
        if (file.U8(5) != ElfConstants.DataLittleEndian)
            throw new ObjectFormatException("The file is a big-endian ELF object; only little-endian BPF objects are supported.");
        ushort type = file.U16(16);
        if (type != ElfConstants.TypeRelocatable)
            throw new ObjectFormatException($"The file is an ELF object of type {type}, not a relocatable object (ET_REL) as BPF objects are.");
        ushort machine = file.U16(18);
        if (machine != ElfConstants.MachineBpf)
            throw new ObjectFormatException($"The file is an ELF object for machine {machine}, not BPF ({ElfConstants.MachineBpf}).");

        ulong offset = file.U64(40);
        ushort entrySize = file.U16(58);
        sectionCount = file.U16(60);
        nameTableIndex = file.U16(62);
        if (sectionCount == 0)
            throw new ObjectFormatException("The file has no section headers (or uses extended section numbering, which BPF objects never need).");
        if (entrySize != ElfConstants.SectionHeaderSize)
            throw new ObjectFormatException($"The file's section headers are {entrySize} bytes each, not {ElfConstants.SectionHeaderSize}.");
        if (nameTableIndex == ExtendedSectionIndex || nameTableIndex >= sectionCount)
            throw new ObjectFormatException($"The section name table index {nameTableIndex} is not one of the file's {sectionCount} sections.");
        if (offset > long.MaxValue)
            throw new ObjectFormatException("The section header table offset is beyond any file.");
        sectionHeaderOffset = (long)offset;
        file.Require(sectionHeaderOffset, (long)sectionCount * ElfConstants.SectionHeaderSize, "section header table");
    }

    private static List<ObjectSymbol> ReadSymbols(ByteReader file, List<SectionHeader> headers, List<ObjectSection> sections)
    {
        var tables = headers.Where(header => header.Type == ElfConstants.SectionSymbolTable).ToList();
        if (tables.Count == 0)
            return [];
        if (tables.Count > 1)
            throw new ObjectFormatException("The file has more than one symbol table.");
        SectionHeader table = tables[0];
        string where = $"symbol table '{sections[table.Index].Name}'";
        if (table.EntrySize != ElfConstants.SymbolSize || table.Size % ElfConstants.SymbolSize != 0)
            throw new ObjectFormatException($"The {where} does not hold whole {ElfConstants.SymbolSize}-byte symbols.");
        if (table.Link >= (uint)headers.Count || headers[(int)table.Link].Type != ElfConstants.SectionStringTable)
            throw new ObjectFormatException($"The {where} links to section {table.Link}, which is not a string table.");
        ByteReader names = headers[(int)table.Link].Contents(file);
        ByteReader entries = table.Contents(file);


        var symbols = new List<ObjectSymbol>();
        for (int index = 0; index < (int)(table.Size / ElfConstants.SymbolSize); index++)
        {
            long at = (long)index * ElfConstants.SymbolSize;
            string name = names.CString(entries.U32(at), "symbol name");
            byte info = entries.U8(at + 4);
            ushort sectionIndex = entries.U16(at + 6);
            ObjectSymbolType type = Enum.IsDefined((ObjectSymbolType)(info & 0xf)) ? (ObjectSymbolType)(info & 0xf) : ObjectSymbolType.Other;
            ObjectSymbolBinding binding = Enum.IsDefined((ObjectSymbolBinding)(info >> 4)) ? (ObjectSymbolBinding)(info >> 4) : ObjectSymbolBinding.Other;
            string? sectionName = null;
            if (sectionIndex is > ElfConstants.SectionIndexUndefined and < ElfConstants.SectionIndexLowReserve)
            {
                if (sectionIndex >= sections.Count)
                    throw new ObjectFormatException($"Symbol '{name}' (#{index}) is defined in section {sectionIndex}, but the file has {sections.Count} sections.");
                sectionName = sections[sectionIndex].Name;
            }
            if (type == ObjectSymbolType.Section && name.Length == 0)
                name = sectionName ?? "";
            symbols.Add(new ObjectSymbol(index, name, entries.U64(at + 8), entries.U64(at + 16), type, binding, sectionIndex, sectionName));
        }
        return symbols;
    }

    private static List<ObjectRelocation> ReadRelocations(ByteReader file, List<SectionHeader> headers, List<ObjectSection> sections, List<ObjectSymbol> symbols)
    {
        var relocations = new List<ObjectRelocation>();
        foreach (SectionHeader header in headers.Where(header => header.Type == ElfConstants.SectionRel))
        {
            string where = $"relocation section '{sections[header.Index].Name}'";
            if (header.EntrySize != ElfConstants.RelocationSize || header.Size % ElfConstants.RelocationSize != 0)
                throw new ObjectFormatException($"The {where} does not hold whole {ElfConstants.RelocationSize}-byte entries.");
            if (header.Info == 0 || header.Info >= (uint)headers.Count)
                throw new ObjectFormatException($"The {where} applies to section {header.Info}, which does not exist.");
            ObjectSection target = sections[(int)header.Info];
            ByteReader entries = header.Contents(file);
            for (long at = 0; at < (long)header.Size; at += ElfConstants.RelocationSize)
            {
                ulong offset = entries.U64(at);
                ulong info = entries.U64(at + 8);
                ulong symbolIndex = info >> 32;
                if (symbolIndex >= (ulong)symbols.Count)
                    throw new ObjectFormatException($"A relocation in the {where} refers to symbol {symbolIndex}, but there are {symbols.Count} symbols.");
                if (offset >= target.Size)
                    throw new ObjectFormatException($"A relocation in the {where} is at offset {offset}, outside section '{target.Name}' ({target.Size} bytes).");
                relocations.Add(new ObjectRelocation(target.Name, offset, (uint)info, symbols[(int)symbolIndex].Name));
            }
        }
        return relocations;
    }
}
