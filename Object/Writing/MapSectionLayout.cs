using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Places the map definitions in .maps: each an all-zero struct, 8-byte aligned, described by a VAR; a map of
/// maps with slots filled at load time is followed by its <c>values</c> array up to the last slot, each filled
/// slot a relocation against the inner map's symbol, as clang lays out <c>.values = { [i] = &amp;map }</c>.
/// </summary>
internal static class MapSectionLayout
{
    public const string SectionName = ".maps";

    private const int SlotSize = 8;

    /// <returns>The .maps image, or null when there are no maps.</returns>
    public static DataSectionImage? Place(IReadOnlyList<MapDefinition> maps)
    {
        if (maps.Count == 0)
            return null;
        var placed = new List<PlacedVariable>();
        var relocations = new List<DataRelocation>();
        int offset = 0;
        foreach (MapDefinition map in maps)
        {
            BtfStruct definition = MapDefinitionType.Create(map);
            var slots = map.Slots ?? [];
            int size = definition.SizeBytes + (slots.Count == 0 ? 0 : (slots.Max(slot => slot.Index) + 1) * SlotSize);
            placed.Add(new PlacedVariable(map.Name, offset, size, new BtfVar(map.Name, definition, BtfLinkage.Global)));
            relocations.AddRange(slots.Select(slot => new DataRelocation(offset + definition.SizeBytes + slot.Index * SlotSize, slot.MapName)));
            offset += size;
        }
        return new DataSectionImage(SectionName, new byte[offset], 8, ElfConstants.FlagAlloc | ElfConstants.FlagWrite, false, placed, relocations);
    }
}
