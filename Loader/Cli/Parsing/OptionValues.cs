using System.Globalization;

namespace TraitsBpf.Cli.Parsing;

/// <summary>Parses option values of the types the generated assignments use; false when the text is not such a value.</summary>
internal static class OptionValues
{
    /// <summary>A decimal integer, optionally signed.</summary>
    public static bool TryInt32(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>One of the enum's member names, in any case (numbers are not names).</summary>
    public static bool TryEnum<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var name in Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                return Enum.TryParse(name, out value);
        }
        value = default;
        return false;
    }
}
