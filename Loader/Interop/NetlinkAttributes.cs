using System.Buffers.Binary;

namespace TraitsBpf.Loader.Interop;

/// <summary>Netlink attributes (<c>struct nlattr</c>): a 4-byte header of length and type, the payload, padding to 4 bytes.</summary>
internal static class NetlinkAttributes
{
    public const int HeaderLength = 4;

    /// <summary>The payload of the first attribute of type <paramref name="wanted"/>, or empty when there is none or the list is malformed.</summary>
    public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> attributes, ushort wanted)
    {
        while (attributes.Length >= HeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            // The top bits of the type mark nesting and byte order, not the type itself.
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3FFF);
            if (length < HeaderLength || length > attributes.Length)
                return [];
            if (type == wanted)
                return attributes[HeaderLength..length];
            attributes = attributes[Math.Min(attributes.Length, (length + 3) & ~3)..];
        }
        return [];
    }

    /// <summary>Appends an attribute of <paramref name="type"/> with <paramref name="payload"/>, padded to 4 bytes.</summary>
    public static void Append(List<byte> message, ushort type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(HeaderLength + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], type);
        message.AddRange(header);
        message.AddRange(payload);
        while (message.Count % 4 != 0)
            message.Add(0);
    }
}
