using System.Buffers.Binary;
using System.Text;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Reading;

/// <summary>
/// A parsed BTF blob (an object's .BTF, or the kernel's vmlinux BTF): the types by id and the
/// string table. Parsing checks what the kernel and libbpf check before they trust the blob: the
/// header, that the type area is 4-byte aligned and does not overlap the string table, that the
/// string table starts and ends with a NUL, that every type and its trailing words lie inside the
/// type area, that every kind is known, and that every name offset and referenced type id exists.
/// Types are indexed, not decoded, while parsing: vmlinux has over 100,000 of them and a feature
/// probe asks about a handful, so a type's name and words are read when it is first asked for.
/// </summary>
internal sealed class BtfTable
{
    private const int MinimumHeaderSize = 24;

    private readonly ByteReader typeArea;
    private readonly ByteReader strings;
    private readonly int[] starts;
    private readonly RawBtfType?[] decoded;

    private BtfTable(ByteReader typeArea, ByteReader strings, int[] starts)
    {
        this.typeArea = typeArea;
        this.strings = strings;
        this.starts = starts;
        decoded = new RawBtfType?[starts.Length];
    }

    /// <summary>Number of types, not counting void (id 0).</summary>
    public int Count => starts.Length;

    /// <summary>Every type in id order (id 1 first).</summary>
    public IEnumerable<RawBtfType> Types => Enumerable.Range(1, Count).Select(id => Type(id)!);

    /// <summary>The type with <paramref name="id"/>, or null for void (0).</summary>
    public RawBtfType? Type(int id) => id == 0 ? null : (decoded[id - 1] ??= Decode(id));

    public bool IsValidId(long id) => id >= 0 && id <= Count;

    public string String(uint offset, string what) => strings.CString(offset, what);

    /// <summary>
    /// The types of one of <paramref name="kinds"/> called <paramref name="name"/>, in id order.
    /// Names are compared as UTF-8 bytes, so searching vmlinux decodes only the types that match.
    /// </summary>
    public List<RawBtfType> Named(string name, params ReadOnlySpan<BtfKind> kinds)
    {
        byte[] wanted = Encoding.UTF8.GetBytes(name);
        ReadOnlySpan<byte> area = typeArea.Span;
        ReadOnlySpan<byte> text = strings.Span;
        var found = new List<RawBtfType>();
        for (int id = 1; id <= Count; id++)
        {
            var (at, kind, _, _) = Header(area, id);
            if (!kinds.Contains(kind))
                continue;
            // Parse checked that the offset is inside the table and that the table ends with a NUL.
            ReadOnlySpan<byte> rest = text[(int)Word(area, at)..];
            if (rest[..rest.IndexOf((byte)0)].SequenceEqual(wanted))
                found.Add(Type(id)!);
        }
        return found;
    }

    /// <summary>How many trailing words each member of a type of <paramref name="kind"/> takes (struct member, enumerator, parameter, datasec entry); 0 for kinds without members.</summary>
    public static int MemberWords(BtfKind kind) => kind switch
    {
        BtfKind.Struct or BtfKind.Union or BtfKind.Datasec or BtfKind.Enum64 => 3,
        BtfKind.Enum or BtfKind.FuncProto => 2,
        _ => 0,
    };

    /// <summary>
    /// Checks the start that .BTF and .BTF.ext headers share (magic, version, flags, hdr_len, and
    /// at least 24 bytes) and returns hdr_len; <paramref name="format"/> is "BTF" or ".BTF.ext".
    /// </summary>
    public static uint HeaderLength(ByteReader section, string format)
    {
        if (section.Length < MinimumHeaderSize)
            throw new ObjectFormatException($"The {section.What} is {section.Length} bytes, too short for a {format} header.");
        if (section.U16(0) != BtfConstants.Magic)
            throw new ObjectFormatException($"The {section.What} does not start with the BTF magic 0xeB9F.");
        if (section.U8(2) != BtfConstants.Version)
            throw new ObjectFormatException($"The {section.What} has {format} version {section.U8(2)}; only version 1 exists.");
        uint headerLength = section.U32(4);
        if (headerLength < MinimumHeaderSize || headerLength > section.Length)
            throw new ObjectFormatException($"The {section.What} has a header length of {headerLength} bytes, which does not fit.");
        return headerLength;
    }

    public static BtfTable Parse(ByteReader section)
    {
        uint headerLength = HeaderLength(section, "BTF");
        uint typeOffset = section.U32(8), typeLength = section.U32(12), stringOffset = section.U32(16), stringLength = section.U32(20);
        ByteReader typeArea = section.Slice(headerLength + (long)typeOffset, typeLength, "BTF type area");
        ByteReader strings = section.Slice(headerLength + (long)stringOffset, stringLength, "BTF string table");
        if (typeOffset % 4 != 0 || typeLength % 4 != 0)
            throw new ObjectFormatException($"The {section.What} has its type area at offset {typeOffset} with {typeLength} bytes; both must be multiples of 4.");
        if (typeOffset < (long)stringOffset + stringLength && stringOffset < (long)typeOffset + typeLength)
            throw new ObjectFormatException($"The {section.What} has a type area and a string table that overlap.");
        if (strings.Length == 0 || strings.U8(0) != 0 || strings.U8(strings.Length - 1) != 0)
            throw new ObjectFormatException($"The {section.What} has a string table that does not start and end with a NUL byte.");

        var table = new BtfTable(typeArea, strings, IndexTypes(typeArea, section.What));
        for (int id = 1; id <= table.Count; id++)
            table.CheckReferences(id);
        return table;
    }

    /// <summary>Where each type starts in the type area, checking that it and its trailing words lie inside it.</summary>
    private static int[] IndexTypes(ByteReader typeArea, string where)
    {
        ReadOnlySpan<byte> area = typeArea.Span;
        var starts = new List<int>();
        int at = 0;
        while (at < area.Length)
        {
            int id = starts.Count + 1;
            long size = BtfConstants.TypeHeaderSize;
            if (area.Length - at >= BtfConstants.TypeHeaderSize)
            {
                uint info = Word(area, at + 4);
                size += 4L * TrailerWords(KindOf(info), (int)(info & 0xffff), id, where);
            }
            if (size > area.Length - at)
                throw new ObjectFormatException($"BTF type [{id}] ({size} bytes at offset {at}) does not fit in the {where}'s type area ({area.Length} bytes).");
            starts.Add(at);
            at += (int)size;
        }
        return [.. starts];
    }

    private static int TrailerWords(BtfKind kind, int vlen, int id, string where) => kind switch
    {
        BtfKind.Int or BtfKind.Var or BtfKind.DeclTag => 1,
        BtfKind.Pointer or BtfKind.Forward or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const
            or BtfKind.Restrict or BtfKind.Func or BtfKind.Float or BtfKind.TypeTag => 0,
        BtfKind.Array => 3,
        BtfKind.Struct or BtfKind.Union or BtfKind.Datasec or BtfKind.Enum64 or BtfKind.Enum or BtfKind.FuncProto => MemberWords(kind) * vlen,
        _ => throw new ObjectFormatException($"BTF type [{id}] in the {where} has unknown kind {(int)kind}."),
    };

    private static BtfKind KindOf(uint info) => (BtfKind)(info >> 24 & 0x1f);

    /// <summary>A word at an offset already checked to lie inside the type area.</summary>
    private static uint Word(ReadOnlySpan<byte> area, int at) => BinaryPrimitives.ReadUInt32LittleEndian(area[at..]);

    private static uint TrailerWord(ReadOnlySpan<byte> area, int typeStart, int index) =>
        Word(area, typeStart + BtfConstants.TypeHeaderSize + 4 * index);

    /// <summary>Where type <paramref name="id"/> starts, and the fields of its info word.</summary>
    private (int At, BtfKind Kind, int Vlen, bool KindFlag) Header(ReadOnlySpan<byte> area, int id)
    {
        int at = starts[id - 1];
        uint info = Word(area, at + 4);
        return (at, KindOf(info), (int)(info & 0xffff), (info >> 31) != 0);
    }

    private RawBtfType Decode(int id)
    {
        ReadOnlySpan<byte> area = typeArea.Span;
        var (at, kind, vlen, kindFlag) = Header(area, id);
        var trailer = new uint[TrailerWords(kind, vlen, id, typeArea.What)];
        for (int i = 0; i < trailer.Length; i++)
            trailer[i] = TrailerWord(area, at, i);
        return new RawBtfType(id, kind, String(Word(area, at), $"name of BTF type [{id}]"), vlen, kindFlag, Word(area, at + 8), trailer);
    }

    /// <summary>
    /// The type's name and member names must be strings, and the ids it refers to must name
    /// types that exist. Read from the bytes, not from decoded types, so that checking vmlinux
    /// builds no strings.
    /// </summary>
    private void CheckReferences(int id)
    {
        ReadOnlySpan<byte> area = typeArea.Span;
        var (at, kind, vlen, _) = Header(area, id);
        CheckName(id, Word(area, at), "name");
        switch (kind)
        {
            case BtfKind.Pointer or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
                or BtfKind.Func or BtfKind.TypeTag or BtfKind.Var or BtfKind.DeclTag or BtfKind.FuncProto:
                CheckId(id, Word(area, at + 8));
                break;
            case BtfKind.Array:
                CheckId(id, TrailerWord(area, at, 0));
                CheckId(id, TrailerWord(area, at, 1));
                break;
        }
        int stride = MemberWords(kind);
        for (int i = 0; stride > 0 && i < vlen; i++)
        {
            uint first = TrailerWord(area, at, i * stride);
            if (kind == BtfKind.Datasec)
            {
                CheckId(id, first);
                continue;
            }
            CheckName(id, first, "member name");
            if (kind is BtfKind.Struct or BtfKind.Union or BtfKind.FuncProto)
                CheckId(id, TrailerWord(area, at, i * stride + 1));
        }
    }

    private void CheckId(int id, uint referenced)
    {
        if (!IsValidId(referenced))
            throw new ObjectFormatException($"BTF type [{id}] refers to type {referenced}, but there are {Count} types.");
    }

    /// <summary>The table ends with a NUL (checked in Parse), so any offset inside it starts a terminated string.</summary>
    private void CheckName(int id, uint offset, string what)
    {
        if (offset >= (uint)strings.Length)
            throw new ObjectFormatException($"The {what} of BTF type [{id}] at offset {offset} is outside the BTF string table ({strings.Length} bytes).");
    }
}
