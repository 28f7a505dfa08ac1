using TraitsBpf.Compiler.Il;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Ir;

/// <summary>A BPF map a program uses, declared by a <c>static readonly</c> SDK map field.</summary>
/// <param name="Name">The field's name: the map's name in the object and what bpftool shows.</param>
/// <param name="MapType">The kernel map type.</param>
/// <param name="Key">Key type, or null for maps without BTF keys.</param>
/// <param name="Value">Value type, or null for maps without BTF values.</param>
/// <param name="KeySize">Key size when <paramref name="Key"/> is null but the map has keys.</param>
/// <param name="ValueSize">Value size when <paramref name="Value"/> is null but the map has values.</param>
/// <param name="MaxEntries">max_entries (bytes for a ring buffer).</param>
/// <param name="Flags">map_flags.</param>
/// <param name="PinByName">Whether the field is <c>[Pinned]</c>: the definition says <c>pinning = LIBBPF_PIN_BY_NAME</c>.</param>
/// <param name="MapExtra">map_extra: a bloom filter's number of hash functions, 0 for the kernel's default.</param>
/// <param name="Inner">A map of maps' inner map template; null for other maps.</param>
/// <param name="Slots">An array of maps' slots its initializer fills with other maps of the program, by index.</param>
internal sealed record IrMap(string Name, BpfMapType MapType, TypeDesc? Key, TypeDesc? Value, int KeySize, int ValueSize, int MaxEntries, uint Flags, bool PinByName, uint MapExtra = 0, IrMap? Inner = null, IReadOnlyList<(int Index, IrMap Map)>? Slots = null);
