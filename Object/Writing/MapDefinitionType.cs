using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Builds the anonymous struct bpf_helpers.h produces for a BTF-defined map:
/// <c>__uint(name, n)</c> is <c>int (*name)[n]</c> and <c>__type(name, T)</c> is <c>T *name</c>,
/// so every member is an 8-byte pointer and the struct is all zeros in .maps. A map of maps adds
/// <c>__array(values, inner)</c>: <c>inner *values[]</c>, an empty array that takes no room in the struct
/// but names the inner map's definition, and whose elements, when initialized, follow the struct.
/// libbpf reads the numbers back from the array lengths (libbpf.c, parse_btf_map_def).
/// </summary>
internal static class MapDefinitionType
{
    private const int PinByName = 1;
    private const int PointerBits = 64;

    private static readonly BtfInt Int = new("int", 4, BtfIntEncoding.Signed);

    public static BtfStruct Create(MapDefinition map)
    {
        var members = new List<(string Name, BtfType Type)> { ("type", Number((int)map.MapType)) };
        if (map.Key is not null)
            members.Add(("key", new BtfPointer(map.Key)));
        else if (map.KeySize > 0)
            members.Add(("key_size", Number(map.KeySize)));
        if (map.Value is not null)
            members.Add(("value", new BtfPointer(map.Value)));
        else if (map.ValueSize > 0)
            members.Add(("value_size", Number(map.ValueSize)));
        // A C declaration that names no size (a perf event array, socket storage) has no max_entries member, which libbpf reads as 0.
        if (map.MaxEntries != 0)
            members.Add(("max_entries", Number(map.MaxEntries)));
        if (map.Flags != 0)
            members.Add(("map_flags", Number(checked((int)map.Flags))));
        if (map.MapExtra != 0)
            members.Add(("map_extra", Number(checked((int)map.MapExtra))));
        if (map.PinByName)
            members.Add(("pinning", Number(PinByName)));
        if (map.Inner is not null)
            members.Add(("values", new BtfArray(new BtfPointer(Create(map.Inner)), 0)));

        // The values array is the last member and, having no elements, adds nothing to the size.
        int pointers = members.Count - (map.Inner is null ? 0 : 1);
        var definition = new BtfStruct("", pointers * PointerBits / 8);
        for (int i = 0; i < members.Count; i++)
            definition.Members.Add(new BtfMember(members[i].Name, members[i].Type, i * PointerBits));
        return definition;
    }

    private static BtfPointer Number(int value) => new(new BtfArray(Int, value));
}
