namespace TraitsBpf.Object.Reading;

/// <summary>
/// A read-only description of a BPF ELF object (ours or clang's), as <see cref="ObjectReader"/>
/// parses it: the ELF view (sections, symbols, relocations), what those mean for BPF
/// (programs, maps, license) and the BTF view (types, func_info, line_info).
/// </summary>
public sealed class ObjectFile
{
    private readonly Func<int, string> spellType;
    private readonly Func<int, string> spellSignature;

    internal ObjectFile(
        IReadOnlyList<ObjectSection> sections,
        IReadOnlyList<ObjectSymbol> symbols,
        IReadOnlyList<ObjectRelocation> relocations,
        IReadOnlyList<ObjectProgram> programs,
        IReadOnlyList<string> mapNames,
        string? license,
        IReadOnlyList<BtfTypeSummary> btfTypes,
        IReadOnlyList<FuncInfoRecord> funcInfos,
        IReadOnlyList<LineInfoRecord> lineInfos,
        Func<int, string> spellType,
        Func<int, string> spellSignature)
    {
        Sections = sections;
        Symbols = symbols;
        Relocations = relocations;
        Programs = programs;
        MapNames = mapNames;
        License = license;
        BtfTypes = btfTypes;
        FuncInfos = funcInfos;
        LineInfos = lineInfos;
        this.spellType = spellType;
        this.spellSignature = spellSignature;
    }

    /// <summary>All sections in header order, index 0 (the null section) included.</summary>
    public IReadOnlyList<ObjectSection> Sections { get; }

    /// <summary>All .symtab entries in order, the null symbol included.</summary>
    public IReadOnlyList<ObjectSymbol> Symbols { get; }

    /// <summary>Every SHT_REL entry, grouped by the section it patches, in file order.</summary>
    public IReadOnlyList<ObjectRelocation> Relocations { get; }

    /// <summary>FUNC symbols in executable sections, by section then offset.</summary>
    public IReadOnlyList<ObjectProgram> Programs { get; }

    /// <summary>The maps defined in .maps, in offset order.</summary>
    public IReadOnlyList<string> MapNames { get; }

    /// <summary>The license string, or null when there is no license section.</summary>
    public string? License { get; }

    /// <summary>The .BTF types in id order (id 1 first); empty when there is no .BTF.</summary>
    public IReadOnlyList<BtfTypeSummary> BtfTypes { get; }

    /// <summary>The .BTF.ext func_info records, by section in file order.</summary>
    public IReadOnlyList<FuncInfoRecord> FuncInfos { get; }

    /// <summary>The .BTF.ext line_info records, by section in file order.</summary>
    public IReadOnlyList<LineInfoRecord> LineInfos { get; }

    /// <summary>The .BTF.ext CO-RE relocation records, by section in file order.</summary>
    public IReadOnlyList<CoreRelocationRecord> CoreRelocations { get; init; } = [];

    /// <summary>The first section named <paramref name="name"/>, or null.</summary>
    public ObjectSection? FindSection(string name) => Sections.FirstOrDefault(section => section.Name == name);

    /// <summary>The code bytes of a program: its slice of its section.</summary>
    public ReadOnlyMemory<byte> CodeOf(ObjectProgram program) =>
        Sections[program.SectionIndex].Data.Slice(program.InstructionOffset * 8, program.InstructionCount * 8);

    /// <summary>The relocations that patch <paramref name="sectionName"/>.</summary>
    public IEnumerable<ObjectRelocation> RelocationsIn(string sectionName) =>
        Relocations.Where(relocation => relocation.TargetSection == sectionName);

    /// <summary>The line_info records of <paramref name="sectionName"/>, by instruction.</summary>
    public IEnumerable<LineInfoRecord> LinesIn(string sectionName) =>
        LineInfos.Where(line => line.SectionName == sectionName);

    /// <summary>A BTF type spelled as C spells it, e.g. "struct xdp_md *"; "void" for id 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="typeId"/> is not a type of this object.</exception>
    public string SpellType(int typeId) => spellType(CheckedTypeId(typeId));

    /// <summary>A BTF FUNC as its C prototype, e.g. "int xdp_pass(struct xdp_md * ctx)".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="funcTypeId"/> is not a type of this object.</exception>
    public string SpellSignature(int funcTypeId) => spellSignature(CheckedTypeId(funcTypeId));

    private int CheckedTypeId(int typeId) =>
        typeId >= 0 && typeId <= BtfTypes.Count ? typeId : throw new ArgumentOutOfRangeException(nameof(typeId), typeId, $"The object has BTF types 1..{BtfTypes.Count}.");
}
