using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>Places the map definitions in .maps: each an all-zero struct, 8-byte aligned, described by a VAR.</summary>
internal static class MapSectionLayout
{
    public const string SectionName = ".maps";

    /// <returns>The .maps image, or null when there are no maps.</returns>
    public static DataSectionImage? Place(IReadOnlyList<MapDefinition> maps)
    {
        if (maps.Count == 0)
            return null;
        var placed = new List<PlacedVariable>();
        int offset = 0;
        foreach (MapDefinition map in maps)
        {
            BtfStruct definition = MapDefinitionType.Create(map);
            placed.Add(new PlacedVariable(map.Name, offset, definition.SizeBytes, new BtfVar(map.Name, definition, BtfLinkage.Global)));
            offset += definition.SizeBytes;
        }
        return new DataSectionImage(SectionName, new byte[offset], 8, ElfConstants.FlagAlloc | ElfConstants.FlagWrite, false, placed);
    }
}
