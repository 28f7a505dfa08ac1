namespace TraitsBpf.Benchmarks;

/// <summary>How the figures are printed.</summary>
public enum OutputFormat
{
    /// <summary>Aligned plain-text tables for a terminal.</summary>
    Table,

    /// <summary>Markdown tables, for docs/benchmarks.md.</summary>
    Markdown,

    /// <summary>One JSON document with every figure.</summary>
    Json,
}
