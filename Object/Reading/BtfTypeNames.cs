using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Reading;

/// <summary>
/// Spells BTF types as C does ("struct xdp_md *", "const volatile __u32", "char[4]") and
/// functions as their prototypes, for dumps and messages. The BTF may be hostile, so
/// spelling stops at a fixed depth instead of following a reference cycle forever.
/// </summary>
internal static class BtfTypeNames
{
    private const int MaxDepth = 16;

    public static string Spell(BtfTable table, int id) => Spell(table, id, 0);

    public static string Signature(BtfTable table, RawBtfType function)
    {
        RawBtfType? proto = table.Type((int)function.SizeOrType);
        if (function.Kind != BtfKind.Func || proto is null || proto.Kind != BtfKind.FuncProto)
            return function.Name;
        var parameters = Enumerable.Range(0, proto.Vlen).Select(i =>
        {
            string type = Spell(table, (int)proto.Trailer[2 * i + 1], 1);
            string name = table.String(proto.Trailer[2 * i], "parameter name");
            return name.Length == 0 ? type : $"{type} {name}";
        });
        string list = proto.Vlen == 0 ? "void" : string.Join(", ", parameters);
        return $"{Spell(table, (int)proto.SizeOrType, 1)} {function.Name}({list})";
    }

    private static string Spell(BtfTable table, int id, int depth)
    {
        RawBtfType? type = table.Type(id);
        if (type is null)
            return "void";
        if (depth > MaxDepth)
            return "...";
        string name = type.Name.Length == 0 ? "(anon)" : type.Name;
        return type.Kind switch
        {
            BtfKind.Struct => $"struct {name}",
            BtfKind.Union => $"union {name}",
            BtfKind.Enum or BtfKind.Enum64 => $"enum {name}",
            BtfKind.Forward => type.KindFlag ? $"union {name}" : $"struct {name}",
            BtfKind.Pointer => Pointer(Spell(table, (int)type.SizeOrType, depth + 1)),
            BtfKind.Const => $"const {Spell(table, (int)type.SizeOrType, depth + 1)}",
            BtfKind.Volatile => $"volatile {Spell(table, (int)type.SizeOrType, depth + 1)}",
            BtfKind.Restrict => $"{Spell(table, (int)type.SizeOrType, depth + 1)} restrict",
            BtfKind.TypeTag => Spell(table, (int)type.SizeOrType, depth + 1),
            BtfKind.Array => $"{Spell(table, (int)type.Trailer[0], depth + 1)}[{type.Trailer[2]}]",
            BtfKind.FuncProto => $"{Spell(table, (int)type.SizeOrType, depth + 1)} (*)({string.Join(", ", Enumerable.Range(0, type.Vlen).Select(i => Spell(table, (int)type.Trailer[2 * i + 1], depth + 1)))})",
            _ => name,
        };
    }

    private static string Pointer(string target) => target.EndsWith('*') ? target + "*" : target + " *";
}
