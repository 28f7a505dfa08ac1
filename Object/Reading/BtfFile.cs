using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Reading;

/// <summary>
/// BTF read on its own rather than as part of an <see cref="ObjectFile"/>: the kernel's
/// (<c>/sys/kernel/btf/vmlinux</c>), or an object's .BTF and .BTF.ext checked before they are
/// handed to libbpf, which trusts their type ids and string offsets. It is checked exactly as
/// <see cref="ObjectReader"/> checks an object's BTF.
/// </summary>
public sealed class BtfFile
{
    private readonly BtfTable table;

    private BtfFile(BtfTable table) => this.table = table;

    /// <summary>Number of types, not counting void (id 0).</summary>
    public int TypeCount => table.Count;

    /// <summary>Parses and checks raw little-endian BTF; <paramref name="what"/> names it in error messages, e.g. "section '.BTF'".</summary>
    /// <exception cref="ObjectFormatException">The bytes break the BTF format.</exception>
    public static BtfFile Read(ReadOnlyMemory<byte> bytes, string what) => new(BtfTable.Parse(new ByteReader(bytes, what)));

    /// <summary>Whether a FUNC called <paramref name="name"/> exists (how the kernel's BTF lists kfuncs).</summary>
    public bool HasFunction(string name) => table.Named(name, BtfKind.Func).Count > 0;

    /// <summary>The prototype of the FUNC called <paramref name="name"/> as libbpf compares kfunc prototypes; null when there is no such FUNC.</summary>
    public BtfFunctionShape? FunctionShape(string name)
    {
        var function = table.Named(name, BtfKind.Func).FirstOrDefault();
        if (function is null || table.Type((int)function.SizeOrType) is not { Kind: BtfKind.FuncProto } prototype)
            return null;
        var parameters = new List<(string, string)>();
        for (int p = 0; p < prototype.Vlen; p++)
            parameters.Add((table.String(prototype.Trailer[p * 2], $"parameter name of BTF type [{prototype.Id}]"), Shape((int)prototype.Trailer[p * 2 + 1], 0)));
        return new BtfFunctionShape(Shape((int)prototype.SizeOrType, 0), parameters);
    }

    /// <summary>A type's kind after typedefs and qualifiers, pointers followed a few levels, as libbpf's compatibility check sees it.</summary>
    private string Shape(int id, int depth)
    {
        var type = Resolve(id);
        return type?.Kind switch
        {
            null => "void",
            BtfKind.Pointer => depth < 4 ? $"pointer to {Shape((int)type.SizeOrType, depth + 1)}" : "pointer",
            BtfKind.Int => "integer",
            BtfKind.Enum or BtfKind.Enum64 => "enum",
            BtfKind.Struct => "struct",
            BtfKind.Union => "union",
            BtfKind.Forward => "forward declaration",
            BtfKind.FuncProto => "function",
            BtfKind.Array => "array",
            BtfKind.Float => "floating-point number",
            var other => other.ToString()!.ToLowerInvariant(),
        };
    }

    /// <summary>The enumerator names of the enums (ENUM or ENUM64) called <paramref name="enumName"/>; empty when there is none.</summary>
    public IReadOnlySet<string> EnumeratorNames(string enumName) => Enumerators(enumName).Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The enumerators of the enums (ENUM or ENUM64) called <paramref name="enumName"/>, each with
    /// its value (sign-extended when the enum is signed); empty when there is none.
    /// </summary>
    public IReadOnlyDictionary<string, long> Enumerators(string enumName)
    {
        var enumerators = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (RawBtfType type in table.Named(enumName, BtfKind.Enum, BtfKind.Enum64))
        {
            int stride = BtfTable.MemberWords(type.Kind);
            for (int i = 0; i < type.Vlen; i++)
            {
                string name = table.String(type.Trailer[i * stride], $"enumerator name of BTF type [{type.Id}]");
                uint low = type.Trailer[i * stride + 1];
                enumerators[name] = type.Kind == BtfKind.Enum64
                    ? (long)((ulong)type.Trailer[i * stride + 2] << 32 | low)
                    : type.KindFlag ? (int)low : low;
            }
        }
        return enumerators;
    }

    /// <summary>
    /// The byte offset of member <paramref name="memberName"/> of the struct called <paramref name="structName"/>,
    /// what a CO-RE field-offset relocation resolves to; null when there is no such struct or member, or the
    /// member is a bitfield or not byte-aligned. Members of anonymous structs and unions inside it count, at
    /// their offset in the outer struct, as C reaches them.
    /// </summary>
    public int? MemberOffset(string structName, string memberName)
    {
        foreach (RawBtfType type in table.Named(structName, BtfKind.Struct))
        {
            if (MemberBits(type, memberName, 0) is { } bits)
                return bits % 8 == 0 ? (int)(bits / 8) : null;
        }
        return null;
    }

    private long? MemberBits(RawBtfType composite, string memberName, int depth)
    {
        const int stride = 3;
        for (int i = 0; i < composite.Vlen; i++)
        {
            string name = table.String(composite.Trailer[i * stride], $"member name of BTF type [{composite.Id}]");
            uint offset = composite.Trailer[i * stride + 2];
            // With the kind flag, the high 8 bits are a bitfield's size and the low 24 its offset.
            bool bitfield = composite.KindFlag && offset >> 24 != 0;
            long bits = composite.KindFlag ? offset & 0xFFFFFF : offset;
            // A bitfield answers with an odd bit offset, which MemberOffset refuses.
            if (name == memberName)
                return bitfield ? 1 : bits;
            if (name.Length == 0 && depth < 8 && Resolve((int)composite.Trailer[i * stride + 1]) is { Kind: BtfKind.Struct or BtfKind.Union } inner
                && MemberBits(inner, memberName, depth + 1) is { } innerBits)
                return bits + innerBits;
        }
        return null;
    }

    private RawBtfType? Resolve(int id)
    {
        var type = table.Type(id);
        while (type is { Kind: BtfKind.Typedef or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.TypeTag })
            type = table.Type((int)type.SizeOrType);
        return type;
    }

    /// <summary>
    /// Checks a .BTF.ext section against this BTF: every func_info, line_info and CO-RE relocation
    /// record lies inside it, and every type id and string offset it carries exists here.
    /// </summary>
    /// <exception cref="ObjectFormatException">The section breaks the format.</exception>
    public void CheckExt(ReadOnlyMemory<byte> ext, string what) => BtfExtParser.Validate(new ByteReader(ext, what), table);
}
