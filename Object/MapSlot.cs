namespace TraitsBpf.Object;

/// <summary>
/// A slot of a map of maps filled at load time with another map of the object, as C's
/// <c>.values = { [Index] = &amp;map }</c>: clang writes it as an R_BPF_64_ABS64 relocation in <c>.rel.maps</c>
/// and libbpf puts the created map's descriptor in the slot before any program is loaded.
/// </summary>
/// <param name="Index">The slot (the outer array map's key).</param>
/// <param name="MapName">The inner map: another map definition of the same object.</param>
public sealed record MapSlot(int Index, string MapName);
