using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object;

/// <summary>
/// A BTF-defined map in <c>.maps</c>, in the form libbpf expects: a variable whose anonymous
/// struct type has <c>type</c>, <c>key</c>, <c>value</c>, <c>max_entries</c> and <c>map_flags</c>
/// members encoded as pointers (<c>__uint</c>/<c>__type</c> in bpf_helpers.h), and <c>map_extra</c>,
/// <c>pinning</c> and a map of maps' <c>values</c> when set.
/// </summary>
/// <param name="Name">Variable and ELF symbol name; what bpftool shows.</param>
/// <param name="MapType">The kernel map type (<c>BPF_MAP_TYPE_*</c>).</param>
/// <param name="Key">Key type, or null when the map has no BTF key (ring buffer) or uses <paramref name="KeySize"/>.</param>
/// <param name="Value">Value type, or null likewise.</param>
/// <param name="KeySize">Key size in bytes when <paramref name="Key"/> is null and the map still has keys (e.g. prog array: 4), else 0.</param>
/// <param name="ValueSize">Value size when <paramref name="Value"/> is null and the map has values, else 0.</param>
/// <param name="MaxEntries">max_entries.</param>
/// <param name="Flags">map_flags (0 when none; the member is then omitted).</param>
/// <param name="PinByName">Whether to add <c>pinning = LIBBPF_PIN_BY_NAME</c>.</param>
/// <param name="MapExtra">map_extra (a bloom filter's number of hash functions; 0 when none: the member is then omitted).</param>
/// <param name="Inner">
/// A map of maps' inner map template, written as the <c>values</c> member (<c>__array(values, struct inner)</c>):
/// an empty array of pointers to the template's own definition struct; null for other maps.
/// </param>
/// <param name="Slots">A map of maps' slots filled at load time with other maps of the object (<c>.values = { ... }</c>).</param>
public sealed record MapDefinition(
    string Name,
    BpfMapType MapType,
    BtfType? Key,
    BtfType? Value,
    int KeySize,
    int ValueSize,
    int MaxEntries,
    uint Flags = 0,
    bool PinByName = false,
    uint MapExtra = 0,
    MapDefinition? Inner = null,
    IReadOnlyList<MapSlot>? Slots = null);
