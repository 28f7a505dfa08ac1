using System.Text.Json.Serialization;

namespace TraitsBpf.Cli.Output;

/// <summary>Source-generated JSON for the CLI's --json outputs.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<ListEntry>))]
[JsonSerializable(typeof(List<MapDump>))]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(KernelReport))]
[JsonSerializable(typeof(TraitsReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
