using TraitsBpf.Compiler.Il;
using TraitsBpf.Object.Btf;

namespace TraitsBpf.Compiler.Linking;

/// <summary>
/// C# types as BTF, so bpftool shows map keys, values and globals with their fields: integers
/// as the C types of the same size and signedness, enums as typedefs of their underlying type,
/// structs with every field at its offset, fixed buffers as arrays. A <c>[KernelType]</c> struct takes
/// the kernel's struct and field names, which is what CO-RE matches the running kernel's types by.
/// </summary>
internal sealed class BtfTypeConverter(FunctionTypes integers)
{
    private readonly Dictionary<TypeDesc, BtfType> converted = [];

    public BtfType Convert(TypeDesc type)
    {
        if (converted.TryGetValue(type, out var known))
        {
            return known;
        }

        switch (type.Kind)
        {
            case TypeKind.Boolean:
                return Remember(type, new BtfInt("_Bool", 1, BtfIntEncoding.Bool));
            case TypeKind.Enum:
                return Remember(type, new BtfTypedef(CName(type), Convert(type.Element!)));
            case TypeKind.Pointer or TypeKind.ByRef:
                {
                    var pointer = new BtfPointer(type.Element is { Kind: not TypeKind.Void } element ? Convert(element) : BtfVoid.Instance);
                    return Remember(type, pointer);
                }

            case TypeKind.Struct:
                return ConvertStruct(type);
            case TypeKind.Void:
                return BtfVoid.Instance;
            default:
                return Remember(type, integers.Integer(Math.Max(type.Size, 1), type.IsSigned));
        }
    }

    private BtfType ConvertStruct(TypeDesc type)
    {
        var structure = new BtfStruct(type.KernelName ?? CName(type), type.Size);
        converted[type] = structure;
        foreach (var field in type.Fields)
        {
            BtfType member = field.FieldType.FixedBufferElement is { } element
                ? new BtfArray(Convert(element), field.FieldType.Size / Math.Max(element.Size, 1))
                : Convert(field.FieldType);
            structure.Members.Add(new BtfMember(field.KernelName ?? CName(field.Name), member, field.Offset * 8));
        }

        return structure;
    }

    private BtfType Remember(TypeDesc type, BtfType btf)
    {
        converted[type] = btf;
        return btf;
    }

    private static string CName(TypeDesc type) => CName(type.Name);

    /// <summary>A C identifier: compiler-generated and generic names keep their letters and digits.</summary>
    public static string CName(string name)
    {
        var text = new System.Text.StringBuilder();
        foreach (char c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }
}
