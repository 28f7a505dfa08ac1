using System.Buffers.Binary;
using System.Globalization;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Tracing;

/// <summary>
/// A trait's value as text and back, by the type the host's registry records for its name: integers in
/// decimal (or 0x-hex when read), floating point, GUIDs, a flag by its presence; any other type as the
/// stored bytes in hex, in memory order.
/// </summary>
internal static class TraitValueText
{
    private const string FlagType = "TraitsBpf.TraitFlag";

    /// <summary>The bytes <paramref name="text"/> stands for as a value of <paramref name="trait"/>; null when it is not one.</summary>
    public static byte[]? Parse(RegisteredTrait trait, string text)
    {
        var value = new byte[trait.Size];
        if (trait.Size == 0)
            return text is "true" or "1" ? value : null;
        var integer = CultureInfo.InvariantCulture;
        bool parsed = trait.TypeName switch
        {
            "System.UInt16" => TryInteger(text, out ulong u16) && u16 <= ushort.MaxValue && Write(value, u16),
            "System.UInt32" => TryInteger(text, out ulong u32) && u32 <= uint.MaxValue && Write(value, u32),
            "System.UInt64" => TryInteger(text, out ulong u64) && Write(value, u64),
            "System.Int16" => short.TryParse(text, NumberStyles.AllowLeadingSign, integer, out var i16) && Write(value, (ulong)i16),
            "System.Int32" => int.TryParse(text, NumberStyles.AllowLeadingSign, integer, out var i32) && Write(value, (ulong)i32),
            "System.Int64" => long.TryParse(text, NumberStyles.AllowLeadingSign, integer, out var i64) && Write(value, (ulong)i64),
            "System.Single" => float.TryParse(text, NumberStyles.Float, integer, out var f32) && BitConverter.TryWriteBytes(value, f32),
            "System.Double" => double.TryParse(text, NumberStyles.Float, integer, out var f64) && BitConverter.TryWriteBytes(value, f64),
            "System.Guid" => Guid.TryParse(text, out var guid) && guid.TryWriteBytes(value),
            _ => TryHex(text, value),
        };
        return parsed ? value : null;
    }

    /// <summary>What <see cref="Parse"/> accepts for <paramref name="trait"/>, for the message that refuses a value.</summary>
    public static string Expected(RegisteredTrait trait) => trait.Size == 0
        ? "a flag, asked for as true"
        : trait.TypeName switch
        {
            "System.UInt16" or "System.UInt32" or "System.UInt64" => $"an unsigned {trait.Size * 8}-bit integer (decimal or 0x-hex)",
            "System.Int16" or "System.Int32" or "System.Int64" => $"a signed {trait.Size * 8}-bit decimal integer",
            "System.Single" or "System.Double" => "a number",
            "System.Guid" => "a GUID",
            _ => $"{trait.Size} bytes in hex, in memory order (0x then {trait.Size * 2} digits)",
        };

    /// <summary><paramref name="value"/>, a value of <paramref name="trait"/>, as text: NAME=VALUE, or NAME alone for a flag.</summary>
    public static string Format(RegisteredTrait trait, ReadOnlySpan<byte> value)
    {
        if (value.Length == 0)
            return trait.Name;
        if (value.Length != trait.Size)
            return $"{trait.Name}=0x{Convert.ToHexStringLower(value)}";
        var invariant = CultureInfo.InvariantCulture;
        string text = trait.TypeName switch
        {
            "System.UInt16" => BinaryPrimitives.ReadUInt16LittleEndian(value).ToString(invariant),
            "System.UInt32" => BinaryPrimitives.ReadUInt32LittleEndian(value).ToString(invariant),
            "System.UInt64" => BinaryPrimitives.ReadUInt64LittleEndian(value).ToString(invariant),
            "System.Int16" => BinaryPrimitives.ReadInt16LittleEndian(value).ToString(invariant),
            "System.Int32" => BinaryPrimitives.ReadInt32LittleEndian(value).ToString(invariant),
            "System.Int64" => BinaryPrimitives.ReadInt64LittleEndian(value).ToString(invariant),
            "System.Single" => BinaryPrimitives.ReadSingleLittleEndian(value).ToString("R", invariant),
            "System.Double" => BinaryPrimitives.ReadDoubleLittleEndian(value).ToString("R", invariant),
            "System.Guid" => new Guid(value).ToString(),
            _ => "0x" + Convert.ToHexStringLower(value),
        };
        return $"{trait.Name}={text}";
    }

    private static bool TryInteger(string text, out ulong value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Writes the low bytes of <paramref name="number"/> that fit, little-endian as the kernel stores them.</summary>
    private static bool Write(Span<byte> value, ulong number)
    {
        Span<byte> all = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(all, number);
        all[..value.Length].CopyTo(value);
        return true;
    }

    private static bool TryHex(string text, Span<byte> value)
    {
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length != 2 + value.Length * 2)
            return false;
        try
        {
            Convert.FromHexString(text.AsSpan(2)).CopyTo(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
