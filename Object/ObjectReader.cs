using TraitsBpf.Object.Format;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.Object;

/// <summary>
/// Reads a BPF ELF object, ours or clang's, into an <see cref="ObjectFile"/>. The input is
/// treated as hostile: anything malformed raises <see cref="ObjectFormatException"/>, and
/// the bytes are never executed or handed to the kernel.
/// </summary>
public static class ObjectReader
{
    private const string BtfSection = ".BTF";
    private const string BtfExtSection = ".BTF.ext";
    private const string MapsSection = ".maps";
    private const string LicenseSection = "license";

    /// <summary>Parses <paramref name="bytes"/>.</summary>
    /// <exception cref="ObjectFormatException">The bytes are not a well-formed BPF ELF object.</exception>
    public static ObjectFile Read(ReadOnlyMemory<byte> bytes)
    {
        ElfImage elf = ElfParser.Parse(bytes);
        var programs = ReadPrograms(elf);
        var mapNames = elf.Symbols
            .Where(symbol => symbol.SectionName == MapsSection && symbol.Type == ObjectSymbolType.Object)
            .OrderBy(symbol => symbol.Value)
            .Select(symbol => symbol.Name)
            .ToList();

        ObjectSection? btfSection = elf.Sections.FirstOrDefault(section => section.Name == BtfSection);
        BtfTable? btf = btfSection is null ? null : BtfTable.Parse(new ByteReader(btfSection.Data, $"section '{BtfSection}'"));
        ObjectSection? extSection = elf.Sections.FirstOrDefault(section => section.Name == BtfExtSection);
        if (extSection is not null && btf is null)
            throw new ObjectFormatException("The object has .BTF.ext but no .BTF for its strings and types.");
        var (functions, lines, core) = extSection is null
            ? ([], [], [])
            : BtfExtParser.Parse(new ByteReader(extSection.Data, $"section '{BtfExtSection}'"), btf!);

        var types = btf?.Types.Select(type => new BtfTypeSummary(type.Id, BtfTypeText.KindName(type.Kind), type.Name, BtfTypeText.Describe(btf, type))).ToList() ?? [];
        return new ObjectFile(
            elf.Sections, elf.Symbols, elf.Relocations, programs, mapNames, ReadLicense(elf), types, functions, lines,
            id => btf is null ? "void" : BtfTypeNames.Spell(btf, id),
            id => btf?.Type(id) is RawBtfType function ? BtfTypeNames.Signature(btf, function) : "void")
        {
            CoreRelocations = core,
        };
    }

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    /// <exception cref="ObjectFormatException">The file is not a well-formed BPF ELF object.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ObjectFile ReadFile(string path) => Read(File.ReadAllBytes(path));

    private static List<ObjectProgram> ReadPrograms(ElfImage elf)
    {
        var programs = new List<ObjectProgram>();
        var functions = elf.Symbols
            .Where(symbol => symbol.Type == ObjectSymbolType.Function && symbol.SectionName is not null)
            .OrderBy(symbol => symbol.SectionIndex)
            .ThenBy(symbol => symbol.Value);
        foreach (ObjectSymbol symbol in functions)
        {
            ObjectSection section = elf.Sections[symbol.SectionIndex];
            if (!section.IsExecutable || section.Type != ElfConstants.SectionProgBits)
                continue;
            bool fits = symbol.Value % BpfInstruction.Size == 0 && symbol.Size % BpfInstruction.Size == 0
                && symbol.Value <= section.Size && symbol.Size <= section.Size - symbol.Value;
            if (!fits)
                throw new ObjectFormatException($"Function '{symbol.Name}' ({symbol.Size} bytes at {symbol.Value}) does not lie on whole instructions inside section '{section.Name}' ({section.Size} bytes).");
            programs.Add(new ObjectProgram(
                symbol.Name, section.Name, (int)(symbol.Value / BpfInstruction.Size), (int)(symbol.Size / BpfInstruction.Size),
                symbol.Binding != ObjectSymbolBinding.Local, section.Index));
        }
        return programs;
    }

    private static string? ReadLicense(ElfImage elf)
    {
        ObjectSection? section = elf.Sections.FirstOrDefault(candidate => candidate.Name == LicenseSection);
        if (section is null)
            return null;
        ReadOnlySpan<byte> bytes = section.Data.Span;
        int end = bytes.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
