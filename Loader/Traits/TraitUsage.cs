namespace TraitsBpf.Loader.Traits;

/// <summary>What the attached programs use, from their attachment records: each by attachment name.</summary>
/// <param name="Names">The attachments whose objects use each trait name.</param>
/// <param name="Keys">The attachments whose objects use each constant integer key.</param>
public sealed record TraitUsage(IReadOnlyDictionary<string, IReadOnlyList<string>> Names, IReadOnlyDictionary<int, IReadOnlyList<string>> Keys);
