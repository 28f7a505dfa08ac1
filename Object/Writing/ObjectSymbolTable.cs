using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// The .symtab of an object, in the order clang writes it: the null symbol, then the locals
/// (a section symbol for each non-empty code section, static functions), then the globals
/// (programs and global functions, maps, kfunc externs, variables, the license).
/// </summary>
internal sealed class ObjectSymbolTable
{
    private readonly List<ElfSymbol> symbols = [new ElfSymbol("", 0, 0, ElfConstants.SymbolNoType, ElfConstants.BindLocal, ElfConstants.SectionIndexUndefined)];
    private readonly Dictionary<SymbolReference, int> indices = [];

    private ObjectSymbolTable() { }

    /// <summary>Index of the first global symbol: .symtab's sh_info.</summary>
    public int FirstGlobalIndex { get; private set; }

    public static ObjectSymbolTable Create(
        IReadOnlyList<RelocatedCode> code, IReadOnlyList<DataSectionImage> data, IEnumerable<ExternFunction> kfuncs, IReadOnlyDictionary<string, int> sectionIndices)
    {
        var table = new ObjectSymbolTable();
        foreach (RelocatedCode section in code.Where(section => section.Code.Length > 0))
            table.Add(new ElfSymbol(section.Source.Name, 0, 0, ElfConstants.SymbolSection, ElfConstants.BindLocal, sectionIndices[section.Source.Name]), isSection: true);
        foreach (RelocatedCode section in code)
            table.AddFunctions(section, sectionIndices, global: false);

        table.FirstGlobalIndex = table.symbols.Count;
        foreach (RelocatedCode section in code)
            table.AddFunctions(section, sectionIndices, global: true);
        foreach (DataSectionImage image in data.Where(image => image.Name == MapSectionLayout.SectionName))
            table.AddVariables(image, sectionIndices);
        foreach (ExternFunction kfunc in kfuncs)
            table.Add(new ElfSymbol(kfunc.Name, 0, 0, ElfConstants.SymbolNoType, ElfConstants.BindGlobal, ElfConstants.SectionIndexUndefined), isSection: false);
        foreach (DataSectionImage image in data.Where(image => image.Name != MapSectionLayout.SectionName))
            table.AddVariables(image, sectionIndices);
        return table;
    }

    public int IndexOf(SymbolReference reference) =>
        indices.TryGetValue(reference, out int index)
            ? index
            : throw new InvalidObjectModelException($"A relocation refers to '{reference.Name}', which is not defined in the object.");

    /// <summary>Encodes the symbols as Elf64_Sym entries, interning their names in <paramref name="names"/> (.strtab).</summary>
    public byte[] Encode(StringTableBuilder names)
    {
        var bytes = new LittleEndianWriter();
        foreach (ElfSymbol symbol in symbols)
        {
            bytes.WriteUInt32((uint)names.Add(symbol.Name));
            bytes.WriteByte((byte)(symbol.Binding << 4 | symbol.Type));
            bytes.WriteByte(0);
            bytes.WriteUInt16((ushort)symbol.SectionIndex);
            bytes.WriteUInt64(symbol.Value);
            bytes.WriteUInt64(symbol.Size);
        }
        return bytes.ToArray();
    }

    private void AddFunctions(RelocatedCode section, IReadOnlyDictionary<string, int> sectionIndices, bool global)
    {
        foreach (FunctionSymbol function in section.Source.Functions.Where(function => function.IsGlobal == global))
        {
            Add(new ElfSymbol(
                function.Name,
                (ulong)(function.InstructionOffset * BpfInstruction.Size),
                (ulong)(function.InstructionCount * BpfInstruction.Size),
                ElfConstants.SymbolFunction,
                global ? ElfConstants.BindGlobal : ElfConstants.BindLocal,
                sectionIndices[section.Source.Name]), isSection: false);
        }
    }

    private void AddVariables(DataSectionImage image, IReadOnlyDictionary<string, int> sectionIndices)
    {
        foreach (PlacedVariable variable in image.Variables)
        {
            Add(new ElfSymbol(
                variable.Name, (ulong)variable.Offset, (ulong)variable.Size, ElfConstants.SymbolObject, ElfConstants.BindGlobal, sectionIndices[image.Name]),
                isSection: false);
        }
    }

    private void Add(ElfSymbol symbol, bool isSection)
    {
        indices.Add(new SymbolReference(symbol.Name, isSection), symbols.Count);
        symbols.Add(symbol);
    }
}
