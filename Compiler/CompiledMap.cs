using TraitsBpf.Object;

namespace TraitsBpf.Compiler;

/// <summary>A map in a compiled object, with the C# types of its keys and values (what a typed user-space skeleton needs).</summary>
/// <param name="Name">The map's name in the object: its static field's name.</param>
/// <param name="MapType">The map's kernel type.</param>
/// <param name="KeyType">The key's C# type as another assembly writes it (<c>uint</c>, <c>global::Ns.Outer.Key</c>); null when it has none or it cannot be named from outside (not public, a pointer).</param>
/// <param name="ValueType">The value's C# type, as <paramref name="KeyType"/>.</param>
/// <param name="KeySize">Key size in bytes.</param>
/// <param name="ValueSize">Value size in bytes (per CPU for per-CPU maps).</param>
/// <param name="MaxEntries">Maximum entries (bytes, for a ring buffer).</param>
public sealed record CompiledMap(string Name, BpfMapType MapType, string? KeyType, string? ValueType, int KeySize, int ValueSize, int MaxEntries);
