using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>Places global variables in .data, .rodata, .bss or a named .data.NAME/.rodata.NAME section in model order, each at its alignment.</summary>
internal static class GlobalDataLayout
{
    /// <summary>The named sections of <paramref name="kind"/> the globals use, in the order of their first variable.</summary>
    public static IEnumerable<string> Subsections(DataSectionKind kind, IEnumerable<GlobalVariable> globals) =>
        globals.Where(global => global.Section == kind && global.Subsection is not null).Select(global => global.Subsection!).Distinct(StringComparer.Ordinal);

    /// <returns>The section image, or null when no variable lives in <paramref name="kind"/> (named <paramref name="subsection"/>).</returns>
    public static DataSectionImage? Place(DataSectionKind kind, IEnumerable<GlobalVariable> globals, string? subsection = null)
    {
        var members = globals.Where(global => global.Section == kind && global.Subsection == subsection).ToList();
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
        return new DataSectionImage(members[0].SectionName, bytes.ToArray(), alignment, flags, kind == DataSectionKind.Bss, placed);
    }
}
