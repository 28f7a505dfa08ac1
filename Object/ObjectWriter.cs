using TraitsBpf.Object.Format;
using TraitsBpf.Object.Writing;

namespace TraitsBpf.Object;

/// <summary>
/// Writes an <see cref="ObjectModel"/> as a relocatable ELF64 little-endian EM_BPF object in the
/// shape clang produces (<c>clang -O2 -g -target bpf</c>), so that libbpf, bpftool and iproute2
/// load it unchanged. docs/object-format.md describes the layout and where it differs from clang.
/// </summary>
public static class ObjectWriter
{
    private const string SymbolTableName = ".symtab";
    private const string StringTableName = ".strtab";
    private const string BtfName = ".BTF";
    private const string BtfExtName = ".BTF.ext";

    /// <summary>Encodes <paramref name="model"/> as object file bytes.</summary>
    /// <exception cref="InvalidObjectModelException">The model is inconsistent or would be rejected by libbpf or the kernel.</exception>
    public static byte[] Write(ObjectModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ObjectModelValidator.Validate(model);

        var functions = model.Sections
            .SelectMany(section => section.Functions.Select(function => (section, function)))
            .ToDictionary(entry => entry.function.Name, entry => (entry.section, entry.function), StringComparer.Ordinal);
        var code = CodeSectionsInFileOrder(model).Select(section => CodeRelocator.Relocate(section, functions)).ToList();
        var data = DataSectionsInFileOrder(model);
        var kfuncs = CalledKfuncs(model);
        (byte[] btf, byte[]? btfExt) = ObjectBtf.Build([.. code.Select(section => section.Source)], data, kfuncs);

        var names = SectionNamesInFileOrder(code, data, btfExt is not null, model.Notes);
        var indices = names.Select((name, i) => (name, index: i + 1)).ToDictionary(entry => entry.name, entry => entry.index, StringComparer.Ordinal);
        var symbols = ObjectSymbolTable.Create(code, data, kfuncs, indices);
        var symbolNames = new StringTableBuilder();
        byte[] symbolTable = symbols.Encode(symbolNames);

        var sections = new List<ElfSection>();
        foreach (RelocatedCode section in code)
        {
            sections.Add(new ElfSection(section.Source.Name, ElfConstants.SectionProgBits, ElfConstants.FlagAlloc | ElfConstants.FlagExecute, section.Code, CodeAlignment(section)));
            if (section.Relocations.Count > 0)
            {
                sections.Add(new ElfSection(RelocationSectionName(section), ElfConstants.SectionRel, ElfConstants.FlagInfoLink, RelocationTableWriter.Write(section.Relocations, symbols), 8)
                {
                    Link = indices[SymbolTableName],
                    Info = indices[section.Source.Name],
                    EntrySize = ElfConstants.RelocationSize,
                });
            }
        }
        foreach (DataSectionImage image in data)
        {
            sections.Add(image.ToElfSection());
            if (image.Relocations is { Count: > 0 } relocations)
            {
                sections.Add(new ElfSection(".rel" + image.Name, ElfConstants.SectionRel, ElfConstants.FlagInfoLink, RelocationTableWriter.Write(relocations, symbols), 8)
                {
                    Link = indices[SymbolTableName],
                    Info = indices[image.Name],
                    EntrySize = ElfConstants.RelocationSize,
                });
            }
        }
        sections.Add(new ElfSection(BtfName, ElfConstants.SectionProgBits, 0, btf, 4));
        if (btfExt is not null)
            sections.Add(new ElfSection(BtfExtName, ElfConstants.SectionProgBits, 0, btfExt, 4));
        sections.AddRange(model.Notes.Select(note => new ElfSection(note.Name, ElfConstants.SectionProgBits, 0, note.Data, 1)));
        sections.Add(new ElfSection(SymbolTableName, ElfConstants.SectionSymbolTable, 0, symbolTable, 8)
        {
            Link = indices[StringTableName],
            Info = symbols.FirstGlobalIndex,
            EntrySize = ElfConstants.SymbolSize,
        });
        sections.Add(new ElfSection(StringTableName, ElfConstants.SectionStringTable, 0, symbolNames.ToArray(), 1));
        return ElfFileWriter.Write(sections);
    }

    /// <summary>.text first (clang always emits it, empty when there are no subprograms), then the programs' sections in model order.</summary>
    private static List<CodeSection> CodeSectionsInFileOrder(ObjectModel model)
    {
        CodeSection text = model.Sections.FirstOrDefault(section => section.Name == CodeSectionValidator.SubprogramSectionName)
            ?? new CodeSection(CodeSectionValidator.SubprogramSectionName, []);
        return [text, .. model.Sections.Where(section => section.Name != CodeSectionValidator.SubprogramSectionName)];
    }

    /// <summary>In clang's order: .data, .rodata, .maps, .bss, license, each plain section followed by its named ones; empty ones are left out.</summary>
    private static List<DataSectionImage> DataSectionsInFileOrder(ObjectModel model)
    {
        List<DataSectionImage?> sections =
        [
            .. WithNamed(DataSectionKind.Data, model.Globals),
            .. WithNamed(DataSectionKind.Rodata, model.Globals),
            MapSectionLayout.Place(model.Maps),
            .. WithNamed(DataSectionKind.Bss, model.Globals),
            LicenseSection.Create(model.License),
        ];
        return sections.OfType<DataSectionImage>().ToList();
    }

    private static IEnumerable<DataSectionImage?> WithNamed(DataSectionKind kind, IReadOnlyList<GlobalVariable> globals) =>
        [GlobalDataLayout.Place(kind, globals), .. GlobalDataLayout.Subsections(kind, globals).Select(name => GlobalDataLayout.Place(kind, globals, name))];

    /// <summary>
    /// Like clang, an extern nobody calls is left out: libbpf would otherwise insist on finding
    /// it in the kernel's BTF and fail the load.
    /// </summary>
    private static List<ExternFunction> CalledKfuncs(ObjectModel model)
    {
        var called = model.Sections
            .SelectMany(section => section.Relocations)
            .Select(relocation => relocation.Target)
            .OfType<KfuncCall>()
            .Select(call => call.FunctionName)
            .ToHashSet(StringComparer.Ordinal);
        return [.. model.Kfuncs.Where(kfunc => called.Contains(kfunc.Name))];
    }

    private static List<string> SectionNamesInFileOrder(IReadOnlyList<RelocatedCode> code, IReadOnlyList<DataSectionImage> data, bool hasBtfExt, IReadOnlyList<NoteSection> notes)
    {
        var names = new List<string>();
        foreach (RelocatedCode section in code)
        {
            names.Add(section.Source.Name);
            if (section.Relocations.Count > 0)
                names.Add(RelocationSectionName(section));
        }
        foreach (DataSectionImage image in data)
        {
            names.Add(image.Name);
            if (image.Relocations is { Count: > 0 })
                names.Add(".rel" + image.Name);
        }
        names.Add(BtfName);
        if (hasBtfExt)
            names.Add(BtfExtName);
        names.AddRange(notes.Select(note => note.Name));
        names.Add(SymbolTableName);
        names.Add(StringTableName);
        return names;
    }

    /// <summary>clang names it ".rel" + the section name with nothing in between: ".relxdp", ".rel.text".</summary>
    private static string RelocationSectionName(RelocatedCode section) => ".rel" + section.Source.Name;

    /// <summary>clang aligns code to 8, and the empty .text it always emits to 4.</summary>
    private static int CodeAlignment(RelocatedCode section) => section.Code.Length > 0 ? 8 : 4;
}
