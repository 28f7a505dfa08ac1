using TraitsBpf.Compiler.Object.Format;

namespace TraitsBpf.Compiler.Object.Reading;

/// <summary>
/// A parsed .BTF section: the types by id and the string table. Parsing checks the header,
/// that every type and its trailing words lie inside the type area, that every kind is known
/// and every name offset points at a string; type ids that types refer to are checked too.
/// </summary>
internal sealed class BtfTable
{
    private const int MinimumHeaderSize = 24;

    private readonly List<RawBtfType> types;
    private readonly ByteReader strings;

    private BtfTable(List<RawBtfType> types, ByteReader strings)
    {
        this.types = types;
        this.strings = strings;
    }

    public IReadOnlyList<RawBtfType> Types => types;

    /// <summary>The type with <paramref name="id"/>, or null for void (0).</summary>
    public RawBtfType? Type(int id) => id == 0 ? null : types[id - 1];

    public bool IsValidId(long id) => id >= 0 && id <= types.Count;

    public string String(uint offset, string what) => strings.CString(offset, what);

    public static BtfTable Parse(ByteReader section)
    {
        if (section.Length < MinimumHeaderSize)
            throw new ObjectFormatException($"The {section.What} is {section.Length} bytes, too short for a BTF header.");
        if (section.U16(0) != BtfConstants.Magic)
            throw new ObjectFormatException($"The {section.What} does not start with the BTF magic 0xeB9F.");
        if (section.U8(2) != BtfConstants.Version)
            throw new ObjectFormatException($"The {section.What} has BTF version {section.U8(2)}; only version 1 exists.");
        uint headerLength = section.U32(4);
        if (headerLength < MinimumHeaderSize || headerLength > section.Length)
            throw new ObjectFormatException($"The {section.What} has a header length of {headerLength} bytes, which does not fit.");
        ByteReader typeArea = section.Slice(headerLength + (long)section.U32(8), section.U32(12), "BTF type area");
        ByteReader strings = section.Slice(headerLength + (long)section.U32(16), section.U32(20), "BTF string table");

        var types = new List<RawBtfType>();
        long at = 0;
        while (at < typeArea.Length)
        {
            int id = types.Count + 1;
            typeArea.Require(at, BtfConstants.TypeHeaderSize, $"BTF type [{id}]");
            uint info = typeArea.U32(at + 4);
            var kind = (BtfKind)(info >> 24 & 0x1f);
            int vlen = (int)(info & 0xffff);
            int trailerWords = TrailerWords(kind, vlen, id, section.What);
            typeArea.Require(at, BtfConstants.TypeHeaderSize + 4L * trailerWords, $"BTF type [{id}]");
            uint[] trailer = [.. Enumerable.Range(0, trailerWords).Select(i => typeArea.U32(at + BtfConstants.TypeHeaderSize + 4L * i))];
            string name = strings.CString(typeArea.U32(at), $"name of BTF type [{id}]");
            types.Add(new RawBtfType(id, kind, name, vlen, (info >> 31) != 0, typeArea.U32(at + 8), trailer));
            at += BtfConstants.TypeHeaderSize + 4L * trailerWords;
        }

        var table = new BtfTable(types, strings);
        foreach (RawBtfType type in types)
            table.CheckReferences(type);
        return table;
    }

    private static int TrailerWords(BtfKind kind, int vlen, int id, string where) => kind switch
    {
        BtfKind.Int or BtfKind.Var or BtfKind.DeclTag => 1,
        BtfKind.Pointer or BtfKind.Forward or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const
            or BtfKind.Restrict or BtfKind.Func or BtfKind.Float or BtfKind.TypeTag => 0,
        BtfKind.Array => 3,
        BtfKind.Struct or BtfKind.Union or BtfKind.Datasec or BtfKind.Enum64 => 3 * vlen,
        BtfKind.Enum or BtfKind.FuncProto => 2 * vlen,
        _ => throw new ObjectFormatException($"BTF type [{id}] in the {where} has unknown kind {(int)kind}."),
    };

    /// <summary>Member, parameter and target ids must name types that exist, and member names must be strings.</summary>
    private void CheckReferences(RawBtfType type)
    {
        void Check(uint referenced)
        {
            if (!IsValidId(referenced))
                throw new ObjectFormatException($"BTF type [{type.Id}] refers to type {referenced}, but there are {types.Count} types.");
        }
        switch (type.Kind)
        {
            case BtfKind.Pointer or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
                or BtfKind.Func or BtfKind.TypeTag or BtfKind.Var or BtfKind.DeclTag or BtfKind.FuncProto:
                Check(type.SizeOrType);
                break;
            case BtfKind.Array:
                Check(type.Trailer[0]);
                Check(type.Trailer[1]);
                break;
        }
        int stride = type.Kind switch
        {
            BtfKind.Struct or BtfKind.Union or BtfKind.Datasec or BtfKind.Enum64 => 3,
            BtfKind.Enum or BtfKind.FuncProto => 2,
            _ => 0,
        };
        for (int i = 0; stride > 0 && i < type.Vlen; i++)
        {
            uint first = type.Trailer[i * stride];
            if (type.Kind == BtfKind.Datasec)
            {
                Check(first);
                continue;
            }
            String(first, $"member name of BTF type [{type.Id}]");
            if (type.Kind is BtfKind.Struct or BtfKind.Union or BtfKind.FuncProto)
                Check(type.Trailer[i * stride + 1]);
        }
    }
}
