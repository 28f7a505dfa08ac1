using System.Text.Json.Serialization;

namespace TraitsBpf.Loader.Attach;

/// <summary>Source-generated JSON for attachment records (no reflection over types at run time).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(AttachmentRecord))]
internal sealed partial class AttachmentJsonContext : JsonSerializerContext;
