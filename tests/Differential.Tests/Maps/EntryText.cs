using TraitsBpf.Differential.Tests.Samples;

namespace TraitsBpf.Differential.Tests.Maps;

/// <summary>Spells map entries as snapshot lines, with clock readings masked.</summary>
public static class EntryText
{
    /// <summary>"key → value" in hex; the value's clock bytes become "..".</summary>
    public static string Entry(string map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, IReadOnlyList<ClockField> clocks) =>
        $"{Convert.ToHexString(key)} → {Masked(map, value, clocks)}";

    /// <summary>"record n: bytes" in hex; the record's clock bytes become "..".</summary>
    public static string Record(string map, int index, ReadOnlySpan<byte> record, IReadOnlyList<ClockField> clocks) =>
        $"record {index}: {Masked(map, record, clocks)}";

    private static string Masked(string map, ReadOnlySpan<byte> value, IReadOnlyList<ClockField> clocks)
    {
        var hex = Convert.ToHexString(value).ToCharArray();
        foreach (var clock in clocks.Where(c => c.Map == map))
        {
            for (int i = clock.Offset; i < clock.Offset + clock.Length && i < value.Length; i++)
            {
                hex[2 * i] = '.';
                hex[2 * i + 1] = '.';
            }
        }

        return new string(hex);
    }
}
