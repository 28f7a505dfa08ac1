namespace TraitsBpf.Loader.Traits;

/// <summary>The keys a load gives its named traits, and the names it would newly register, before it commits them.</summary>
/// <param name="Keys">Each trait name's key.</param>
/// <param name="Fresh">The names not yet in the registry, with the keys planned for them.</param>
internal sealed record TraitAssignment(IReadOnlyDictionary<string, int> Keys, IReadOnlyList<RegisteredTrait> Fresh);
