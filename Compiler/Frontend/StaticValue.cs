using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>What a static constructor stores into a static field, as far as the compiler can tell.</summary>
internal abstract record StaticValue
{
    /// <summary>An integer constant.</summary>
    public sealed record Number(long Value) : StaticValue;

    /// <summary>
    /// An SDK map constructed with constant arguments (a map of maps' inner template apart), once stored: the static
    /// field that holds it, which is how a map of maps' initializer names the maps it puts in its slots.
    /// </summary>
    public sealed record Map(string TypeName, IReadOnlyList<long> Arguments) : StaticValue
    {
        /// <summary>A map of maps' inner map template, the constructor's map argument.</summary>
        public Map? Template { get; init; }

        /// <summary>The static field the map was stored in; null for a template or a map not stored yet.</summary>
        public Il.FieldDesc? Field { get; init; }

        /// <summary>
        /// An array of maps' slots its initializer fills (<c>{ [1] = Blue }</c>), in the order set. Shared by every
        /// copy of the record, since the initializer fills the object the static field ends up holding.
        /// </summary>
        public List<(long Index, Map Map)> Slots { get; init; } = [];
    }

    /// <summary>A string constant.</summary>
    public sealed record Text(string Value) : StaticValue;

    /// <summary>A trait declaration, <c>new Trait&lt;T&gt;("name")</c>.</summary>
    public sealed record TraitDeclaration(string Name) : StaticValue;

    /// <summary>The exact bytes of a value-typed field, as the static constructor leaves them.</summary>
    public sealed record Bytes(byte[] Value) : StaticValue;

    /// <summary>Something the compiler cannot evaluate faithfully, and the C# line that computes it.</summary>
    public sealed record Unknown(string Why, Diagnostics.SourceLocation? Location) : StaticValue;
}
