namespace TraitsBpf.Loader.Traits;

/// <summary>A named trait an object declares (<c>Trait&lt;T&gt;("name")</c>), as its manifest lists it.</summary>
/// <param name="Name">The trait's name: 1–48 of <c>[a-z0-9_]</c>, not starting with a digit.</param>
/// <param name="Size">The stored value size: 0 (a flag), 2, 4, 8 or 16.</param>
/// <param name="TypeName">The CLR full name of the value type.</param>
/// <param name="KeyVariable">The .rodata u64 the loader sets to the trait's key before load (64, an invalid key, until then).</param>
public sealed record ManifestTrait(string Name, int Size, string TypeName, string KeyVariable);
