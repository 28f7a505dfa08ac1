using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A trait declared by name (<c>static readonly Trait&lt;T&gt; X = new("name")</c>): its key is
/// a .rodata variable the loader sets from the host's trait registry before load.
/// </summary>
/// <param name="Name">The trait's name in the registry.</param>
/// <param name="ValueType">T.</param>
/// <param name="Size">Its stored size: 0 for TraitFlag, else sizeof(T).</param>
/// <param name="KeyVariable">The .rodata u64 that holds the key.</param>
internal sealed record NamedTrait(string Name, TypeDesc ValueType, int Size, IrGlobal KeyVariable);
