using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>Places global variables in .data, .rodata or .bss in model order, each at its alignment.</summary>
internal static class GlobalDataLayout
{
    public static string SectionName(DataSectionKind kind) => kind switch
    {
        DataSectionKind.Data => ".data",
        DataSectionKind.Rodata => ".rodata",
        DataSectionKind.Bss => ".bss",
        _ => throw new InvalidObjectModelException($"Unknown data section kind {kind}."),
    };

    /// <returns>The section image, or null when no variable lives in <paramref name="kind"/>.</returns>
    public static DataSectionImage? Place(DataSectionKind kind, IEnumerable<GlobalVariable> globals)
    {
        var members = globals.Where(global => global.Section == kind).ToList();
        if (members.Count == 0)
            return null;

        var bytes = new LittleEndianWriter();
        var placed = new List<PlacedVariable>();
        foreach (GlobalVariable global in members)
        {
            bytes.AlignTo(global.Alignment);
            placed.Add(new PlacedVariable(global.Name, bytes.Position, global.InitialValue.Length, new BtfVar(global.Name, global.Type, BtfLinkage.Global)));
            bytes.WriteBytes(global.InitialValue);
        }

        // clang: .data and .bss are writable, .rodata only allocated.
        ulong flags = kind == DataSectionKind.Rodata ? ElfConstants.FlagAlloc : ElfConstants.FlagAlloc | ElfConstants.FlagWrite;
        int alignment = members.Max(global => global.Alignment);
        return new DataSectionImage(SectionName(kind), bytes.ToArray(), alignment, flags, kind == DataSectionKind.Bss, placed);
    }
}
