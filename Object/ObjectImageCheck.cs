using System.Buffers.Binary;
using System.Text;
using TraitsBpf.Object.Format;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.Object;

/// <summary>
/// Checks that bytes are a well-formed relocatable little-endian ELF64 object for EM_BPF,
/// with well-formed BTF, before a native loader parses them: libbpf 1.1 trusts type ids and
/// string offsets in BTF, so a hostile or corrupted file must be an error message here rather
/// than a crash in native code. Cheaper than <see cref="ObjectReader"/> (no symbols,
/// relocations or type descriptions), and its messages name the input as the user gave it.
/// </summary>
public static class ObjectImageCheck
{
    /// <summary>
    /// Throws <see cref="ObjectFormatException"/> with one sentence that starts with
    /// <paramref name="what"/> (<c>'prog.o'</c>, <c>object 'x'</c>) when the image is not a
    /// usable BPF object.
    /// </summary>
    /// <exception cref="ObjectFormatException">The image is not a well-formed BPF ELF object.</exception>
    public static void Validate(ReadOnlySpan<byte> image, string what)
    {
        if (!HasElfMagic(image))
        {
            var hint = image.Length >= 2 && image[0] == (byte)'M' && image[1] == (byte)'Z' ? " (it is a PE file, such as a .NET assembly)" : "";
            throw NotAnObject($"{what} is not a BPF ELF object{hint}");
        }
        if (image.Length < ElfConstants.HeaderSize)
            throw NotAnObject($"{what} is a truncated ELF file ({image.Length} bytes)");
        if (image[4] != ElfConstants.ClassElf64)
            throw NotAnObject($"{what} is a 32-bit ELF file, not a BPF object");
        if (image[5] != ElfConstants.DataLittleEndian)
            throw NotAnObject($"{what} is a big-endian ELF file; this host loads little-endian BPF objects (clang -target bpfel)");

        var type = BinaryPrimitives.ReadUInt16LittleEndian(image[16..]);
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(image[18..]);
        if (machine != ElfConstants.MachineBpf)
            throw NotAnObject($"{what} is an ELF file for machine {machine}, not a BPF object (EM_BPF, 247)");
        if (type != ElfConstants.TypeRelocatable)
            throw NotAnObject($"{what} is an ELF file of type {type}, not a relocatable BPF object");

        var sectionTable = BinaryPrimitives.ReadUInt64LittleEndian(image[40..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(image[58..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(image[60..]);
        var nameTable = BinaryPrimitives.ReadUInt16LittleEndian(image[62..]);
        if (count == 0 || entrySize != ElfConstants.SectionHeaderSize || nameTable >= count)
            throw NotAnObject($"{what} has a malformed ELF section header table");
        if (sectionTable > (ulong)image.Length || (ulong)count * ElfConstants.SectionHeaderSize > (ulong)image.Length - sectionTable)
            throw NotAnObject($"{what} is truncated: its section header table lies beyond the end of the file");

        var sections = new (uint Name, uint Type, int Offset, int Size)[count];
        for (var i = 0; i < count; i++)
        {
            var header = image.Slice((int)sectionTable + i * ElfConstants.SectionHeaderSize, ElfConstants.SectionHeaderSize);
            var sectionType = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
            if (sectionType != ElfConstants.SectionNoBits && (offset > (ulong)image.Length || size > (ulong)image.Length - offset))
                throw NotAnObject($"{what} is truncated: ELF section {i} lies beyond the end of the file");
            sections[i] = (BinaryPrimitives.ReadUInt32LittleEndian(header), sectionType, (int)offset, sectionType == ElfConstants.SectionNoBits ? 0 : (int)size);
        }

        var names = image.Slice(sections[nameTable].Offset, sections[nameTable].Size);
        ReadOnlySpan<byte> btf = default, btfExt = default;
        foreach (var section in sections)
        {
            var name = SectionName(names, section.Name) ?? throw NotAnObject($"{what} has an ELF section whose name lies outside the section name table");
            if (name == ".BTF")
                btf = image.Slice(section.Offset, section.Size);
            else if (name == ".BTF.ext")
                btfExt = image.Slice(section.Offset, section.Size);
        }

        ValidateBtf(btf, btfExt, what);
    }

    private static void ValidateBtf(ReadOnlySpan<byte> btf, ReadOnlySpan<byte> btfExt, string what)
    {
        if (btf.IsEmpty)
        {
            if (!btfExt.IsEmpty)
                throw NotAnObject($"{what} has a .BTF.ext section but no .BTF section");
            return;
        }
        try
        {
            var types = BtfFile.Read(btf.ToArray(), "section '.BTF'");
            if (!btfExt.IsEmpty)
                types.CheckExt(btfExt.ToArray(), "section '.BTF.ext'");
        }
        catch (ObjectFormatException e)
        {
            throw NotAnObject($"{what} has malformed BTF: {e.Message.TrimEnd('.')}");
        }
    }

    private static bool HasElfMagic(ReadOnlySpan<byte> image) =>
        image.Length >= 4 && image[0] == 0x7f && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F';

    private static string? SectionName(ReadOnlySpan<byte> names, uint offset)
    {
        if (offset >= (uint)names.Length)
            return null;
        var rest = names[(int)offset..];
        var end = rest.IndexOf((byte)0);
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    private static ObjectFormatException NotAnObject(string message) => new(message);
}
