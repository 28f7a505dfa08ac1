using System.Text.Json.Serialization;

namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>One figure for our compiler's program and for clang's build of its C twin.</summary>
public sealed record OursVersusClang(double Ours, double Clang)
{
    /// <summary>Ours divided by clang's: above 1 means ours is bigger or slower.</summary>
    [JsonIgnore]
    public double Ratio => Clang == 0 ? double.NaN : Ours / Clang;

    /// <summary>The ratio rounded for JSON readers.</summary>
    [JsonPropertyName("ratio")]
    public double RoundedRatio => Math.Round(Ratio, 3);
}
