using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace TraitsBpf.Loader;

/// <summary>Turns the text of <c>--set NAME=VALUE</c> into the variable's little-endian bytes, checking its range.</summary>
internal static class RodataValueParser
{
    public static byte[] Parse(RodataVariable variable, string text)
    {
        // A value with spaces around it usually means a quoting mistake in a script; taking it would hide that.
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
            throw Invalid($"the value for '{variable.Name}' has white space around it ('{Visible(text)}'); give the value alone");
        return variable.Kind switch
        {
            RodataValueKind.Boolean => [ParseBoolean(variable, text) ? (byte)1 : (byte)0],
            RodataValueKind.Unsigned or RodataValueKind.Signed when variable.Size is 1 or 2 or 4 or 8 => ParseInteger(variable, text),
            _ => throw Invalid($"variable '{variable.Name}' is a {variable.Size}-byte value of a type --set cannot parse (only integers and booleans can be set)"),
        };
    }

    private static bool ParseBoolean(RodataVariable variable, string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Invalid($"variable '{variable.Name}' is a boolean; '{text}' is not true, false, 1 or 0"),
    };

    private static byte[] ParseInteger(RodataVariable variable, string text)
    {
        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (hex)
            digits = digits[2..];
        // TryParse alone would take "0x" (no digits, read as "0") and non-ASCII digits; a value must be spelled out.
        if (digits.Length == 0 || !digits.All(hex ? char.IsAsciiHexDigit : char.IsAsciiDigit))
            throw Invalid($"variable '{variable.Name}' is an integer; '{Visible(text)}' is not a decimal or 0x-prefixed hex number");
        var magnitude = hex
            ? BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

        var value = negative ? -magnitude : magnitude;
        var bits = variable.Size * 8;
        var (min, max) = variable.Kind == RodataValueKind.Signed
            ? (-(BigInteger.One << (bits - 1)), (BigInteger.One << (bits - 1)) - 1)
            : (BigInteger.Zero, (BigInteger.One << bits) - 1);
        if (value < min || value > max)
            throw Invalid($"variable '{variable.Name}' is a {(variable.Kind == RodataValueKind.Signed ? "signed" : "unsigned")} {bits}-bit integer; {text} is out of range [{min}, {max}]");

        var bytes = new byte[8];
        var wrapped = (ulong)(value & ulong.MaxValue);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, wrapped);
        return bytes[..variable.Size];
    }

    /// <summary>The text with control characters escaped, so that a stray newline shows in the message.</summary>
    private static string Visible(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));

    private static LoaderException Invalid(string message) => new(LoaderErrorKind.InvalidArgument, message);
}
