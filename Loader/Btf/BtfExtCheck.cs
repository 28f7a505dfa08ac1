using System.Buffers.Binary;

namespace TraitsBpf.Loader.Btf;

/// <summary>
/// Validates a <c>.BTF.ext</c> section against its <c>.BTF</c>: every func_info,
/// line_info and CO-RE relocation record must lie inside the section, and every string
/// offset and type id it carries must exist in the BTF.
/// </summary>
internal static class BtfExtCheck
{
    private const ushort Magic = 0xeb9f;
    private const int MinimumHeaderLength = 24;
    private const int CoreHeaderLength = 32;

    /// <exception cref="BtfFormatException">The section breaks the format.</exception>
    public static void Validate(ReadOnlySpan<byte> ext, RawBtf btf)
    {
        if (ext.Length < MinimumHeaderLength || BinaryPrimitives.ReadUInt16LittleEndian(ext) != Magic || ext[2] != 1)
            throw new BtfFormatException("BTF.ext has no valid header");
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(ext[4..]);
        if (headerLength < MinimumHeaderLength || headerLength > (uint)ext.Length)
            throw new BtfFormatException($"BTF.ext header length {headerLength} is out of range");
        var body = ext[(int)headerLength..];

        Block(body, ext, 8, "func_info", minimumRecord: 8, record => Type(btf, record[4..], "func_info"), btf);
        Block(body, ext, 16, "line_info", minimumRecord: 16, record =>
        {
            String(btf, record[4..], "line_info file name");
            String(btf, record[8..], "line_info source line");
        }, btf);
        if (headerLength >= CoreHeaderLength)
        {
            Block(body, ext, 24, "CO-RE relocation", minimumRecord: 16, record =>
            {
                Type(btf, record[4..], "CO-RE relocation");
                String(btf, record[8..], "CO-RE access string");
            }, btf);
        }
    }

    private delegate void RecordCheck(ReadOnlySpan<byte> record);

    private static void Block(ReadOnlySpan<byte> body, ReadOnlySpan<byte> ext, int headerField, string what, int minimumRecord, RecordCheck check, RawBtf btf)
    {
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(ext[headerField..]);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(ext[(headerField + 4)..]);
        if (length == 0)
            return;
        if (offset > (uint)body.Length || length > (uint)body.Length - offset)
            throw new BtfFormatException($"BTF.ext {what} lies outside the section");
        var block = body.Slice((int)offset, (int)length);
        if (block.Length < 4)
            throw new BtfFormatException($"BTF.ext {what} has no record size");
        var recordSize = BinaryPrimitives.ReadUInt32LittleEndian(block);
        if (recordSize < minimumRecord || recordSize % 4 != 0 || recordSize > 1024)
            throw new BtfFormatException($"BTF.ext {what} record size {recordSize} is invalid");
        var rest = block[4..];
        while (!rest.IsEmpty)
        {
            if (rest.Length < 8)
                throw new BtfFormatException($"BTF.ext {what} section header is cut off");
            String(btf, rest, $"{what} section name");
            var count = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
            rest = rest[8..];
            if (count == 0 || (ulong)count * recordSize > (ulong)rest.Length)
                throw new BtfFormatException($"BTF.ext {what} claims {count} records, more than fit");
            for (var i = 0; i < count; i++)
                check(rest.Slice(i * (int)recordSize, (int)recordSize));
            rest = rest[(int)(count * recordSize)..];
        }
    }

    private static void Type(RawBtf btf, ReadOnlySpan<byte> field, string what)
    {
        var id = BinaryPrimitives.ReadUInt32LittleEndian(field);
        if (id > (uint)btf.TypeCount)
            throw new BtfFormatException($"BTF.ext {what} refers to type {id}, but there are only {btf.TypeCount}");
    }

    private static void String(RawBtf btf, ReadOnlySpan<byte> field, string what)
    {
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(field);
        if (offset >= (uint)btf.StringsLength)
            throw new BtfFormatException($"BTF.ext {what} offset {offset} lies outside the string section");
    }
}
