using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>What a static constructor stores into a static field, as far as the compiler can tell.</summary>
internal abstract record StaticValue
{
    /// <summary>An integer constant.</summary>
    public sealed record Number(long Value) : StaticValue;

    /// <summary>An SDK map constructed with constant arguments.</summary>
    public sealed record Map(string TypeName, IReadOnlyList<long> Arguments) : StaticValue;

    /// <summary>A string constant.</summary>
    public sealed record Text(string Value) : StaticValue;

    /// <summary>A trait declaration, <c>new Trait&lt;T&gt;("name")</c>.</summary>
    public sealed record TraitDeclaration(string Name) : StaticValue;

    /// <summary>The exact bytes of a value-typed field, as the static constructor leaves them.</summary>
    public sealed record Bytes(byte[] Value) : StaticValue;

    /// <summary>Something the compiler cannot evaluate faithfully, and the C# line that computes it.</summary>
    public sealed record Unknown(string Why, Diagnostics.SourceLocation? Location) : StaticValue;
}
