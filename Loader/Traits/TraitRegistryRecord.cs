using System.Buffers.Binary;
using System.Text;

namespace TraitsBpf.Loader.Traits;

/// <summary>
/// The byte layout of the registry map's elements. Key: the name, UTF-8, NUL-padded to 48 bytes.
/// Value (208 bytes, little-endian): u32 key, u32 size, 64 bytes of the value type's name,
/// 128 bytes naming the program that registered it, u64 registration time (Unix seconds).
/// Strings are UTF-8, NUL-padded, cut at a character boundary when too long.
/// </summary>
internal static class TraitRegistryRecord
{
    public const int KeySize = 48;
    public const int TypeNameSize = 64;
    public const int RegisteredBySize = 128;
    public const int ValueSize = 4 + 4 + TypeNameSize + RegisteredBySize + 8;

    private const int TypeNameOffset = 8;
    private const int RegisteredByOffset = TypeNameOffset + TypeNameSize;
    private const int RegisteredAtOffset = RegisteredByOffset + RegisteredBySize;

    public static byte[] EncodeKey(string name)
    {
        var key = new byte[KeySize];
        PutString(key, name);
        return key;
    }

    public static byte[] EncodeValue(RegisteredTrait trait)
    {
        var value = new byte[ValueSize];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)trait.Key);
        BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(4), (uint)trait.Size);
        PutString(value.AsSpan(TypeNameOffset, TypeNameSize), trait.TypeName);
        PutString(value.AsSpan(RegisteredByOffset, RegisteredBySize), trait.RegisteredBy);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(RegisteredAtOffset), trait.RegisteredAt.ToUnixTimeSeconds());
        return value;
    }

    /// <summary>Decodes an element; null when its bytes are not a valid entry (someone else wrote the map).</summary>
    public static RegisteredTrait? Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var name = GetString(key);
        uint traitKey = BinaryPrimitives.ReadUInt32LittleEndian(value);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(value[4..]);
        long seconds = BinaryPrimitives.ReadInt64LittleEndian(value[RegisteredAtOffset..]);
        if (name is null || !Abi.TraitNames.IsValid(name) || !Abi.TraitKeys.IsValid(traitKey) || !Abi.TraitValueSizes.IsValid(size)
            || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        return new RegisteredTrait(
            name,
            (int)traitKey,
            (int)size,
            GetString(value.Slice(TypeNameOffset, TypeNameSize)) ?? "",
            GetString(value.Slice(RegisteredByOffset, RegisteredBySize)) ?? "",
            DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    /// <summary>What the registry keeps of a type name: its first 64 bytes of UTF-8, so names are compared as stored.</summary>
    public static string StoredTypeName(string typeName)
    {
        var buffer = new byte[TypeNameSize];
        PutString(buffer, typeName);
        return GetString(buffer) ?? "";
    }

    internal static void PutString(Span<byte> field, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        int length = Math.Min(bytes.Length, field.Length);
        // Never cut a multi-byte character in two.
        while (length < bytes.Length && length > 0 && (bytes[length] & 0xC0) == 0x80)
        {
            length--;
        }

        bytes.AsSpan(0, length).CopyTo(field);
    }

    internal static string? GetString(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        var bytes = end < 0 ? field : field[..end];
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
