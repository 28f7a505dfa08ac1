using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Turns the by-reference BTF type graph into numbered wire types: assigns ids in one pass,
/// interns strings and shares one id among types whose encodings are identical.
/// </summary>
/// <remarks>
/// Structs and unions get their id before their members are visited, which is what lets a
/// struct point to itself; they are therefore shared by reference only. Every other kind is
/// encoded after its children, so its encoding is final and identical encodings collapse to
/// one id (the <c>int[1]</c> arrays of two map definitions, two <c>__u32</c> typedefs, ...).
/// A cycle must pass through a struct, because only struct members are set after
/// construction, so the recursion always ends.
/// </remarks>
internal sealed class BtfBuilder
{
    private static readonly BtfInt ArrayIndexType = new(BtfConstants.ArrayIndexTypeName, 4, BtfIntEncoding.None);

    private readonly List<EncodedBtfType?> types = [null];
    private readonly Dictionary<BtfType, int> idsByNode = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> idsByEncoding = new(StringComparer.Ordinal);

    /// <summary>The BTF string table (type names, and the .BTF.ext file names and line texts).</summary>
    public StringTableBuilder Strings { get; } = new();

    /// <summary>The types in id order; id 1 is the first element (id 0 is void and not written).</summary>
    public IEnumerable<EncodedBtfType> Types => types.Skip(1).Select(type => type!);

    /// <summary>Adds <paramref name="type"/> and everything it refers to; returns its id.</summary>
    public int Add(BtfType type)
    {
        if (type is BtfVoid)
            return 0;
        if (idsByNode.TryGetValue(type, out int known))
            return known;
        if (type is BtfStruct aggregate)
            return AddAggregate(aggregate);

        EncodedBtfType encoded = Encode(type);
        if (!idsByEncoding.TryGetValue(encoded.EncodingKey, out int id))
        {
            id = types.Count;
            types.Add(encoded);
            idsByEncoding.Add(encoded.EncodingKey, id);
        }
        idsByNode[type] = id;
        return id;
    }

    private int AddAggregate(BtfStruct aggregate)
    {
        int id = types.Count;
        types.Add(null);
        idsByNode.Add(aggregate, id);

        int nameOffset = Strings.Add(RequireIdentifier(aggregate, aggregate.Name, optional: true));
        var trailer = new List<uint>(aggregate.Members.Count * 3);
        foreach (BtfMember member in aggregate.Members)
        {
            RequireIdentifier(aggregate, member.Name, optional: true);
            // A flexible array member (no elements, as a map of maps' values) may sit at the very end.
            bool flexible = member.Type is BtfArray { Count: 0 } && member.BitOffset == (long)aggregate.SizeBytes * 8;
            if (member.BitOffset < 0 || member.BitOffset >= (long)aggregate.SizeBytes * 8 && !flexible)
                throw Invalid(aggregate, $"member '{member.Name}' is at bit {member.BitOffset}, outside its {aggregate.SizeBytes} bytes");
            trailer.Add((uint)Strings.Add(member.Name));
            trailer.Add((uint)Add(member.Type));
            trailer.Add((uint)member.BitOffset);
        }
        CheckVlen(aggregate, aggregate.Members.Count);
        types[id] = new EncodedBtfType(
            aggregate.IsUnion ? BtfKind.Union : BtfKind.Struct,
            nameOffset, aggregate.Members.Count, false, (uint)aggregate.SizeBytes, [.. trailer]);
        return id;
    }

    private EncodedBtfType Encode(BtfType type) => type switch
    {
        BtfInt integer => EncodeInt(integer),
        BtfPointer pointer => Reference(BtfKind.Pointer, "", pointer.Target),
        BtfConst qualified => Reference(BtfKind.Const, "", qualified.Target),
        BtfVolatile qualified => Reference(BtfKind.Volatile, "", qualified.Target),
        BtfTypedef typedef => Reference(BtfKind.Typedef, RequireIdentifier(typedef, typedef.Name), typedef.Target),
        BtfArray array => EncodeArray(array),
        BtfEnum enumeration => EncodeEnum(enumeration),
        BtfForward forward => new EncodedBtfType(BtfKind.Forward, Strings.Add(RequireIdentifier(forward, forward.Name)), 0, forward.IsUnion, 0, []),
        BtfFunc function => EncodeFunc(function),
        BtfFuncProto proto => EncodeProto(proto),
        BtfVar variable => EncodeVar(variable),
        BtfDatasec section => EncodeDatasec(section),
        _ => throw Invalid(type, $"{type.GetType().Name} has no BTF encoding"),
    };

    private EncodedBtfType EncodeInt(BtfInt integer)
    {
        if (integer.SizeBytes is not (1 or 2 or 4 or 8 or 16))
            throw Invalid(integer, $"an integer of {integer.SizeBytes} bytes cannot be encoded (1, 2, 4, 8 or 16)");
        // BTF_INT_ENCODING in bits 24-27, BTF_INT_OFFSET (always 0 here) in 16-23, BTF_INT_BITS in 0-7.
        uint data = (uint)integer.Encoding << 24 | (uint)(integer.SizeBytes * 8);
        return new EncodedBtfType(BtfKind.Int, Strings.Add(integer.Name), 0, false, (uint)integer.SizeBytes, [data]);
    }

    private EncodedBtfType Reference(BtfKind kind, string name, BtfType target)
    {
        uint targetId = (uint)Add(target);
        return new EncodedBtfType(kind, Strings.Add(name), 0, false, targetId, []);
    }

    private EncodedBtfType EncodeVar(BtfVar variable)
    {
        uint typeId = (uint)Add(variable.Type);
        return new EncodedBtfType(BtfKind.Var, Strings.Add(RequireIdentifier(variable, variable.Name)), 0, false, typeId, [(uint)variable.Linkage]);
    }

    /// <summary>
    /// The kernel wants every parameter of a defined function named; only extern (kfunc)
    /// prototypes may leave them anonymous, because libbpf names them before loading.
    /// </summary>
    private EncodedBtfType EncodeFunc(BtfFunc function)
    {
        if (function.Linkage != BtfLinkage.Extern && function.Proto.Parameters.Any(parameter => parameter.Name.Length == 0))
            throw Invalid(function, "every parameter of a defined function needs a name");
        uint protoId = (uint)Add(function.Proto);
        return new EncodedBtfType(BtfKind.Func, Strings.Add(RequireIdentifier(function, function.Name)), (int)function.Linkage, false, protoId, []);
    }

    private EncodedBtfType EncodeArray(BtfArray array)
    {
        if (array.Count < 0)
            throw Invalid(array, $"an array cannot have {array.Count} elements");
        uint element = (uint)Add(array.Element);
        uint index = (uint)Add(ArrayIndexType);
        return new EncodedBtfType(BtfKind.Array, 0, 0, false, 0, [element, index, (uint)array.Count]);
    }

    private EncodedBtfType EncodeEnum(BtfEnum enumeration)
    {
        CheckVlen(enumeration, enumeration.Values.Count);
        RequireIdentifier(enumeration, enumeration.Name, optional: true);
        foreach (BtfEnumValue value in enumeration.Values)
            RequireIdentifier(enumeration, value.Name);
        int nameOffset = Strings.Add(enumeration.Name);
        var trailer = new List<uint>();
        if (enumeration.SizeBytes == 8)
        {
            foreach (BtfEnumValue value in enumeration.Values)
            {
                trailer.Add((uint)Strings.Add(value.Name));
                trailer.Add((uint)(ulong)value.Value);
                trailer.Add((uint)((ulong)value.Value >> 32));
            }
            return new EncodedBtfType(BtfKind.Enum64, nameOffset, enumeration.Values.Count, enumeration.Signed, 8, [.. trailer]);
        }
        if (enumeration.SizeBytes is not (1 or 2 or 4))
            throw Invalid(enumeration, $"an enum of {enumeration.SizeBytes} bytes cannot be encoded (1, 2, 4 or 8)");
        foreach (BtfEnumValue value in enumeration.Values)
        {
            bool fits = enumeration.Signed ? value.Value is >= int.MinValue and <= int.MaxValue : value.Value is >= 0 and <= uint.MaxValue;
            if (!fits)
                throw Invalid(enumeration, $"enumerator '{value.Name}' = {value.Value} does not fit in 32 bits");
            trailer.Add((uint)Strings.Add(value.Name));
            trailer.Add((uint)value.Value);
        }
        return new EncodedBtfType(BtfKind.Enum, nameOffset, enumeration.Values.Count, enumeration.Signed, (uint)enumeration.SizeBytes, [.. trailer]);
    }

    private EncodedBtfType EncodeProto(BtfFuncProto proto)
    {
        CheckVlen(proto, proto.Parameters.Count);
        uint returnType = (uint)Add(proto.ReturnType);
        var trailer = new List<uint>(proto.Parameters.Count * 2);
        foreach (BtfParameter parameter in proto.Parameters)
        {
            RequireIdentifier(proto, parameter.Name, optional: true);
            trailer.Add((uint)Strings.Add(parameter.Name));
            trailer.Add((uint)Add(parameter.Type));
        }
        return new EncodedBtfType(BtfKind.FuncProto, 0, proto.Parameters.Count, false, returnType, [.. trailer]);
    }

    private EncodedBtfType EncodeDatasec(BtfDatasec section)
    {
        CheckVlen(section, section.Entries.Count);
        var trailer = new List<uint>(section.Entries.Count * 3);
        foreach (BtfDatasecEntry entry in section.Entries)
        {
            trailer.Add((uint)Add(entry.Variable));
            trailer.Add((uint)entry.Offset);
            trailer.Add((uint)entry.Size);
        }
        return new EncodedBtfType(BtfKind.Datasec, Strings.Add(RequireSectionName(section)), section.Entries.Count, false, (uint)section.SizeBytes, [.. trailer]);
    }

    /// <summary>DATASEC names may hold any printable character (btf_name_valid_section), but not be empty.</summary>
    private static string RequireSectionName(BtfDatasec section)
    {
        if (section.Name.Length == 0 || section.Name.Any(c => c is < ' ' or > '~'))
            throw Invalid(section, "a data section needs a non-empty printable name");
        return section.Name;
    }

    private static string RequireIdentifier(BtfType type, string name, bool optional = false)
    {
        if (optional && name.Length == 0)
            return name;
        if (!BtfNameRules.IsValidIdentifier(name))
            throw Invalid(type, $"'{name}' is not a name the kernel accepts (letters, digits, '_' and '.', not starting with a digit)");
        return name;
    }

    private static void CheckVlen(BtfType type, int count)
    {
        if (count > ushort.MaxValue)
            throw Invalid(type, $"{count} entries exceed BTF's limit of {ushort.MaxValue}");
    }

    private static InvalidObjectModelException Invalid(BtfType type, string problem) =>
        new($"BTF type '{(type.Name.Length > 0 ? type.Name : "(anon)")}': {problem}.");
}
