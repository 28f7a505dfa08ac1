using Microsoft.CodeAnalysis;

namespace TraitsBpf.Cli.Generator;

/// <summary>How a property of a given type takes its command-line value: the generated assignment and the option's arity.</summary>
internal sealed class ValueReader
{
    private const string Values = "global::TraitsBpf.Cli.Parsing.OptionValues";

    private readonly string? parse;

    private ValueReader(string arity, string? parse)
    {
        Arity = arity;
        this.parse = parse;
    }

    /// <summary>The <c>OptionArity</c> member: Flag, Single or Repeated.</summary>
    public string Arity { get; }

    /// <summary>The reader for <paramref name="type"/>, or null when the parser cannot fill such a property.</summary>
    public static ValueReader? For(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            type = nullable.TypeArguments[0];
        if (type.SpecialType == SpecialType.System_Boolean)
            return new ValueReader("Flag", parse: null);
        if (type.SpecialType == SpecialType.System_String)
            return new ValueReader("Single", parse: "");
        if (type.SpecialType == SpecialType.System_Int32)
            return new ValueReader("Single", $"{Values}.TryInt32");
        if (type.TypeKind == TypeKind.Enum)
            return new ValueReader("Single", $"{Values}.TryEnum<{type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}>");
        return IsStringSequence(type) ? new ValueReader("Repeated", parse: "") : null;
    }

    /// <summary>A lambda <c>(VerbOptions, string) =&gt; bool</c> that stores the value, false when it is malformed.</summary>
    public string Assignment(string optionsType, string property)
    {
        var target = $"(({optionsType})options).{property}";
        return Arity switch
        {
            "Flag" => $"static (options, _) => {{ {target} = true; return true; }}",
            "Repeated" => $"static (options, value) => {{ {target} = [.. {target}, value]; return true; }}",
            _ when parse!.Length == 0 => $"static (options, value) => {{ {target} = value; return true; }}",
            _ => $"static (options, value) => {{ if (!{parse}(value, out var parsed)) return false; {target} = parsed; return true; }}",
        };
    }

    private static bool IsStringSequence(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => array.ElementType.SpecialType == SpecialType.System_String,
        INamedTypeSymbol { IsGenericType: true } named =>
            named.TypeArguments[0].SpecialType == SpecialType.System_String &&
            named.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T
                or SpecialType.System_Collections_Generic_IReadOnlyList_T or SpecialType.System_Collections_Generic_IReadOnlyCollection_T,
        _ => false,
    };
}
