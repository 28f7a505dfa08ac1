using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>Serializes a <see cref="BtfBuilder"/> into the .BTF section: header, types, strings.</summary>
internal static class BtfWriter
{
    public static byte[] Write(BtfBuilder builder)
    {
        var types = new LittleEndianWriter();
        foreach (EncodedBtfType type in builder.Types)
        {
            types.WriteUInt32((uint)type.NameOffset);
            types.WriteUInt32(type.Info);
            types.WriteUInt32(type.SizeOrType);
            foreach (uint word in type.Trailer)
                types.WriteUInt32(word);
        }
        byte[] typeBytes = types.ToArray();
        byte[] stringBytes = builder.Strings.ToArray();

        var section = new LittleEndianWriter();
        section.WriteUInt16(BtfConstants.Magic);
        section.WriteByte(BtfConstants.Version);
        section.WriteByte(0);
        section.WriteUInt32(BtfConstants.HeaderSize);
        section.WriteUInt32(0);
        section.WriteUInt32((uint)typeBytes.Length);
        section.WriteUInt32((uint)typeBytes.Length);
        section.WriteUInt32((uint)stringBytes.Length);
        section.WriteBytes(typeBytes);
        section.WriteBytes(stringBytes);
        return section.ToArray();
    }
}
