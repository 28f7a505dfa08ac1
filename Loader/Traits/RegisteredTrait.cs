namespace TraitsBpf.Loader.Traits;

/// <summary>A name in the host's trait registry and the key every program on the host uses for it.</summary>
/// <param name="Name">The trait's name.</param>
/// <param name="Key">Its key, 0–63.</param>
/// <param name="Size">Its value size: 0 (a flag), 2, 4, 8 or 16.</param>
/// <param name="TypeName">The CLR full name of its value type (at most 64 bytes of UTF-8 are kept).</param>
/// <param name="RegisteredBy">The program that registered it first, and where it came from.</param>
/// <param name="RegisteredAt">When it was registered.</param>
public sealed record RegisteredTrait(string Name, int Key, int Size, string TypeName, string RegisteredBy, DateTimeOffset RegisteredAt);
