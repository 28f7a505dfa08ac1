using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TraitsBpf.Cli.Generator;

/// <summary>Turns one <c>[Verb]</c> class into its <c>VerbDescriptor</c> expression.</summary>
internal static class VerbSourceWriter
{
    private const string OptionAttribute = "TraitsBpf.Cli.OptionAttribute";
    private const string ValueAttribute = "TraitsBpf.Cli.ValueAttribute";
    private const string Parsing = "global::TraitsBpf.Cli.Parsing.";

    public static VerbSource Write(INamedTypeSymbol options, AttributeData verb)
    {
        var type = options.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var problems = new List<PropertyProblem>();
        var optionLines = new StringBuilder();
        var valueLines = new StringBuilder();
        foreach (var property in PropertiesOf(options))
        {
            foreach (var attribute in property.GetAttributes())
            {
                var name = attribute.AttributeClass?.ToDisplayString();
                if (name != OptionAttribute && name != ValueAttribute)
                    continue;
                var reader = ValueReader.For(property.Type);
                if (reader is null || property.SetMethod is not { DeclaredAccessibility: Accessibility.Public })
                {
                    problems.Add(new PropertyProblem(
                        $"{options.Name}.{property.Name}: a command-line option needs a public setter and the type bool, string, int, an enum (or int?/enum?) or a sequence of strings, not {property.Type.ToDisplayString()}",
                        property.Locations.FirstOrDefault()));
                    continue;
                }
                var assign = reader.Assignment(type, property.Name);
                if (name == OptionAttribute)
                    optionLines.Append(Option(attribute, reader, assign));
                else
                    valueLines.Append(Value(attribute, assign));
            }
        }

        var code = new StringBuilder();
        code.Append("        new ").Append(Parsing).Append("VerbDescriptor(")
            .Append(Literal(verb.ConstructorArguments[0].Value as string ?? "")).Append(", ")
            .Append(Literal(Named(verb, "HelpText") as string ?? "")).Append(",\n")
            .Append("            typeof(").Append(type).Append("), static () => new ").Append(type).Append("(),\n")
            .Append("            [\n").Append(optionLines).Append("            ],\n")
            .Append("            [\n").Append(valueLines).Append("            ]),\n");
        return new VerbSource(type, code.ToString(), problems);
    }

    /// <summary>The class's own properties first, then each base class's, as help lists them.</summary>
    private static IEnumerable<IPropertySymbol> PropertiesOf(INamedTypeSymbol options)
    {
        for (var type = options; type is not null; type = type.BaseType)
        {
            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                yield return property;
        }
    }

    private static string Option(AttributeData attribute, ValueReader reader, string assign)
    {
        var arguments = attribute.ConstructorArguments;
        var shortName = arguments.Length == 2 ? $"'{arguments[0].Value}'" : "null";
        var longName = (arguments.Length == 2 ? arguments[1].Value : arguments[0].Value) as string ?? "";
        var setName = Named(attribute, "SetName") as string;
        var defaultValue = Named(attribute, "Default");
        return $"                new {Parsing}OptionDescriptor({shortName}, {Literal(longName)}, {Literal(Named(attribute, "HelpText") as string ?? "")}, " +
            $"{Bool(Named(attribute, "Required"))}, {(setName is null ? "null" : Literal(setName))}, " +
            $"{(defaultValue is null ? "null" : Literal(System.Convert.ToString(defaultValue, System.Globalization.CultureInfo.InvariantCulture) ?? ""))}, " +
            $"{Parsing}OptionArity.{reader.Arity}, {assign}),\n";
    }

    private static string Value(AttributeData attribute, string assign) =>
        $"                new {Parsing}ValueDescriptor({attribute.ConstructorArguments[0].Value}, {Literal(Named(attribute, "MetaName") as string ?? "")}, " +
        $"{Literal(Named(attribute, "HelpText") as string ?? "")}, {Bool(Named(attribute, "Required"))}, {assign}),\n";

    private static object? Named(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;

    private static string Bool(object? value) => value is true ? "true" : "false";

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
