using System.Globalization;
using TraitsBpf.Loader;

namespace TraitsBpf.Cli.Output;

/// <summary>Hex text for packets and map contents.</summary>
internal static class Hex
{
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Parses hex digits, allowing spaces, colons, dashes and a 0x prefix between bytes.</summary>
    public static byte[] Parse(string text, string what)
    {
        var digits = new string(text.Replace("0x", "", StringComparison.OrdinalIgnoreCase)
            .Where(c => !char.IsWhiteSpace(c) && c is not ':' and not '-').ToArray());
        if (digits.Length == 0)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{what} is empty");
        if (digits.Length % 2 != 0 || !digits.All(char.IsAsciiHexDigit))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{what} is not an even number of hex digits");
        return Convert.FromHexString(digits);
    }

    /// <summary>An unsigned little-endian integer for sizes 1, 2, 4 and 8; null otherwise.</summary>
    public static ulong? Integer(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        1 => bytes[0],
        2 => BitConverter.ToUInt16(bytes),
        4 => BitConverter.ToUInt32(bytes),
        8 => BitConverter.ToUInt64(bytes),
        _ => null,
    };

    /// <summary>The integer when the size allows, else the hex.</summary>
    public static string Readable(ReadOnlySpan<byte> bytes) =>
        Integer(bytes) is { } value ? value.ToString(CultureInfo.InvariantCulture) : Format(bytes);
}
