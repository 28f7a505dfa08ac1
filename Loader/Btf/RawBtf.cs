using System.Buffers.Binary;
using System.Text;

namespace TraitsBpf.Loader.Btf;

/// <summary>
/// A validating reader of raw BTF (the <c>.BTF</c> section of an object, or
/// <c>/sys/kernel/btf/vmlinux</c>). Every type record must lie inside the type section,
/// every name offset inside the string section and every referenced type id must exist,
/// so that whoever consumes the BTF next (libbpf, or this class's queries) never reads
/// out of bounds.
/// </summary>
internal sealed class RawBtf
{
    private const ushort Magic = 0xeb9f;
    private const int HeaderLength = 24;

    private readonly byte[] _types;
    private readonly byte[] _strings;
    private readonly List<BtfTypeRecord> _records;

    private RawBtf(byte[] types, byte[] strings, List<BtfTypeRecord> records)
    {
        _types = types;
        _strings = strings;
        _records = records;
    }

    /// <summary>Number of types, not counting the implicit void (id 0).</summary>
    public int TypeCount => _records.Count;

    /// <summary>Size of the string section; every valid name offset is below it.</summary>
    public int StringsLength => _strings.Length;

    /// <summary>Parses and validates raw little-endian BTF.</summary>
    /// <exception cref="BtfFormatException">The bytes break the BTF format.</exception>
    public static RawBtf Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength)
            throw new BtfFormatException($"BTF is {data.Length} bytes, shorter than its header");
        if (BinaryPrimitives.ReadUInt16LittleEndian(data) != Magic)
            throw new BtfFormatException("BTF does not start with the magic 0xeb9f (or is big-endian)");
        if (data[2] != 1)
            throw new BtfFormatException($"BTF version {data[2]} is not 1");
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        var typeOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        var typeLength = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        var stringOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[16..]);
        var stringLength = BinaryPrimitives.ReadUInt32LittleEndian(data[20..]);
        if (headerLength < HeaderLength || headerLength > (uint)data.Length)
            throw new BtfFormatException($"BTF header length {headerLength} is out of range");
        var body = data[(int)headerLength..];
        if (!Fits(typeOffset, typeLength, body.Length) || !Fits(stringOffset, stringLength, body.Length))
            throw new BtfFormatException("BTF type or string section lies outside the data");
        if (typeOffset % 4 != 0 || typeLength % 4 != 0)
            throw new BtfFormatException("BTF type section is not 4-byte aligned");
        if (typeOffset < stringOffset + stringLength && stringOffset < typeOffset + typeLength)
            throw new BtfFormatException("BTF type and string sections overlap");
        var strings = body.Slice((int)stringOffset, (int)stringLength).ToArray();
        if (strings.Length == 0 || strings[0] != 0 || strings[^1] != 0)
            throw new BtfFormatException("BTF string section must start and end with a NUL byte");

        var types = body.Slice((int)typeOffset, (int)typeLength).ToArray();
        var records = ReadRecords(types);
        var btf = new RawBtf(types, strings, records);
        btf.CheckReferences();
        return btf;
    }

    /// <summary>The record of type <paramref name="id"/> (1-based; 0 is void and has none).</summary>
    public BtfTypeRecord Type(int id) => _records[id - 1];

    /// <summary>The NUL-terminated string at <paramref name="offset"/> in the string section.</summary>
    public string String(uint offset)
    {
        var rest = _strings.AsSpan((int)offset);
        return Encoding.UTF8.GetString(rest[..rest.IndexOf((byte)0)]);
    }

    /// <summary>True when a FUNC type named <paramref name="name"/> exists (how the kernel's BTF lists kfuncs).</summary>
    public bool HasFunction(string name)
    {
        for (var id = 1; id <= _records.Count; id++)
        {
            var record = _records[id - 1];
            if (record.Kind == BtfKind.Function && String(record.NameOffset) == name)
                return true;
        }
        return false;
    }

    /// <summary>The enumerator names of the enum called <paramref name="enumName"/>, or empty when there is none.</summary>
    public IReadOnlySet<string> EnumValueNames(string enumName)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in _records)
        {
            if (record.Kind is not (BtfKind.Enum or BtfKind.Enum64) || String(record.NameOffset) != enumName)
                continue;
            var size = record.Kind == BtfKind.Enum ? 8 : 12;
            for (var i = 0; i < record.Vlen; i++)
                names.Add(String(U32(record.TrailerOffset + i * size)));
        }
        return names;
    }

    private static List<BtfTypeRecord> ReadRecords(byte[] types)
    {
        var records = new List<BtfTypeRecord>();
        var position = 0;
        while (position < types.Length)
        {
            if (types.Length - position < 12)
                throw new BtfFormatException($"BTF type {records.Count + 1} is cut off by the end of the type section");
            var nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(types.AsSpan(position));
            var info = BinaryPrimitives.ReadUInt32LittleEndian(types.AsSpan(position + 4));
            var sizeOrType = BinaryPrimitives.ReadUInt32LittleEndian(types.AsSpan(position + 8));
            var kind = (BtfKind)((info >> 24) & 0x1f);
            var vlen = (int)(info & 0xffff);
            var trailer = TrailerLength(kind, vlen, records.Count + 1);
            if (trailer > types.Length - position - 12)
                throw new BtfFormatException($"BTF type {records.Count + 1} ({kind}) is cut off by the end of the type section");
            records.Add(new BtfTypeRecord(kind, nameOffset, vlen, (info >> 31) != 0, sizeOrType, position + 12));
            position += 12 + trailer;
        }
        return records;
    }

    private static int TrailerLength(BtfKind kind, int vlen, int id) => kind switch
    {
        BtfKind.Int or BtfKind.Variable or BtfKind.DeclarationTag => 4,
        BtfKind.Array => 12,
        BtfKind.Struct or BtfKind.Union or BtfKind.DataSection or BtfKind.Enum64 => 12 * vlen,
        BtfKind.Enum or BtfKind.FunctionPrototype => 8 * vlen,
        BtfKind.Pointer or BtfKind.Forward or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
            or BtfKind.Function or BtfKind.Float or BtfKind.TypeTag => 0,
        _ => throw new BtfFormatException($"BTF type {id} has unknown kind {(int)kind}"),
    };

    private void CheckReferences()
    {
        for (var id = 1; id <= _records.Count; id++)
        {
            var r = _records[id - 1];
            Name(id, r.NameOffset);
            switch (r.Kind)
            {
                case BtfKind.Pointer or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
                    or BtfKind.Function or BtfKind.Variable or BtfKind.DeclarationTag or BtfKind.TypeTag:
                    Reference(id, r.SizeOrType);
                    break;
                case BtfKind.FunctionPrototype:
                    Reference(id, r.SizeOrType);
                    for (var i = 0; i < r.Vlen; i++)
                    {
                        Name(id, U32(r.TrailerOffset + i * 8));
                        Reference(id, U32(r.TrailerOffset + i * 8 + 4));
                    }
                    break;
                case BtfKind.Array:
                    Reference(id, U32(r.TrailerOffset));
                    Reference(id, U32(r.TrailerOffset + 4));
                    break;
                case BtfKind.Struct or BtfKind.Union:
                    for (var i = 0; i < r.Vlen; i++)
                    {
                        Name(id, U32(r.TrailerOffset + i * 12));
                        Reference(id, U32(r.TrailerOffset + i * 12 + 4));
                    }
                    break;
                case BtfKind.Enum or BtfKind.Enum64:
                    var size = r.Kind == BtfKind.Enum ? 8 : 12;
                    for (var i = 0; i < r.Vlen; i++)
                        Name(id, U32(r.TrailerOffset + i * size));
                    break;
                case BtfKind.DataSection:
                    for (var i = 0; i < r.Vlen; i++)
                        Reference(id, U32(r.TrailerOffset + i * 12));
                    break;
            }
        }
    }

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_types.AsSpan(offset));

    private void Name(int id, uint offset)
    {
        if (offset >= (uint)_strings.Length)
            throw new BtfFormatException($"BTF type {id} has a name offset {offset} outside the string section");
    }

    private void Reference(int id, uint target)
    {
        if (target > (uint)_records.Count)
            throw new BtfFormatException($"BTF type {id} refers to type {target}, but there are only {_records.Count}");
    }

    private static bool Fits(uint offset, uint length, int total) => offset <= (uint)total && length <= (uint)total - offset;
}
