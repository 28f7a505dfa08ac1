namespace TraitsBpf.Abi;

/// <summary>A named trait an object declares, as its traits manifest lists it.</summary>
/// <param name="Name">The trait's name (<see cref="TraitNames"/>).</param>
/// <param name="Size">The stored value size (<see cref="TraitValueSizes"/>).</param>
/// <param name="TypeName">The CLR full name of the value type.</param>
/// <param name="KeyVariable">The .rodata u64 the loader sets to the trait's key before load (<see cref="TraitKeys.Unassigned"/> until then).</param>
public sealed record TraitsManifestEntry(string Name, int Size, string TypeName, string KeyVariable);
