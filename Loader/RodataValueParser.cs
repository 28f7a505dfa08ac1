using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace TraitsBpf.Loader;

/// <summary>Turns the text of <c>--set NAME=VALUE</c> into the variable's little-endian bytes, checking its range.</summary>
internal static class RodataValueParser
{
    public static byte[] Parse(RodataVariable variable, string text)
    {
        var trimmed = text.Trim();
        return variable.Kind switch
        {
            RodataValueKind.Boolean => [ParseBoolean(variable, trimmed) ? (byte)1 : (byte)0],
            RodataValueKind.Unsigned or RodataValueKind.Signed when variable.Size is 1 or 2 or 4 or 8 => ParseInteger(variable, trimmed),
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
        BigInteger magnitude;
        var parsed = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? BigInteger.TryParse("0" + digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude)
            : BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
        if (!parsed || digits.Length == 0)
            throw Invalid($"variable '{variable.Name}' is an integer; '{text}' is not a decimal or 0x-prefixed hex number");

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

    private static LoaderException Invalid(string message) => new(LoaderErrorKind.InvalidArgument, message);
}
