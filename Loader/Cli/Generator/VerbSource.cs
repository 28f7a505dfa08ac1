using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace TraitsBpf.Cli.Generator;

/// <summary>One verb's entry in the generated table, or the reasons it cannot have one.</summary>
/// <param name="ClassName">The options class, fully qualified (orders the table).</param>
/// <param name="Code">The <c>VerbDescriptor</c> expression, with its trailing comma.</param>
/// <param name="Problems">Properties the parser cannot fill; each becomes a build error.</param>
internal sealed record VerbSource(string ClassName, string Code, IReadOnlyList<PropertyProblem> Problems);

/// <summary>Why a property cannot be a command-line option, and where it is declared.</summary>
internal sealed record PropertyProblem(string Message, Location? Location);
