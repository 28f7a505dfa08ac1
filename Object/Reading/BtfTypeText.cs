using System.Globalization;
using System.Text;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Reading;

/// <summary>
/// Describes BTF types the way <c>bpftool btf dump file</c> prints them (tools/bpf/bpftool/btf.c,
/// dump_btf_type), so our reader's output can be compared with bpftool's line for line.
/// </summary>
internal static class BtfTypeText
{
    public static string KindName(BtfKind kind) => kind switch
    {
        BtfKind.Int => "INT",
        BtfKind.Pointer => "PTR",
        BtfKind.Array => "ARRAY",
        BtfKind.Struct => "STRUCT",
        BtfKind.Union => "UNION",
        BtfKind.Enum => "ENUM",
        BtfKind.Forward => "FWD",
        BtfKind.Typedef => "TYPEDEF",
        BtfKind.Volatile => "VOLATILE",
        BtfKind.Const => "CONST",
        BtfKind.Restrict => "RESTRICT",
        BtfKind.Func => "FUNC",
        BtfKind.FuncProto => "FUNC_PROTO",
        BtfKind.Var => "VAR",
        BtfKind.Datasec => "DATASEC",
        BtfKind.Float => "FLOAT",
        BtfKind.DeclTag => "DECL_TAG",
        BtfKind.TypeTag => "TYPE_TAG",
        BtfKind.Enum64 => "ENUM64",
        _ => "UNKN",
    };

    public static string Describe(BtfTable table, RawBtfType type)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"[{type.Id}] {KindName(type.Kind)} '{Shown(type.Name)}'"));
        uint[] words = type.Trailer;
        switch (type.Kind)
        {
            case BtfKind.Int:
                text.Append(CultureInfo.InvariantCulture, $" size={type.SizeOrType} bits_offset={words[0] >> 16 & 0xff} nr_bits={words[0] & 0xff} encoding={IntEncoding(words[0] >> 24 & 0xf)}");
                break;
            case BtfKind.Pointer or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.Typedef or BtfKind.TypeTag:
                text.Append(CultureInfo.InvariantCulture, $" type_id={type.SizeOrType}");
                break;
            case BtfKind.Array:
                text.Append(CultureInfo.InvariantCulture, $" type_id={words[0]} index_type_id={words[1]} nr_elems={words[2]}");
                break;
            case BtfKind.Struct or BtfKind.Union:
                text.Append(CultureInfo.InvariantCulture, $" size={type.SizeOrType} vlen={type.Vlen}");
                for (int i = 0; i < type.Vlen; i++)
                {
                    uint offset = words[3 * i + 2];
                    uint bitOffset = type.KindFlag ? offset & 0xffffff : offset;
                    uint bitfieldSize = type.KindFlag ? offset >> 24 : 0;
                    text.Append(CultureInfo.InvariantCulture, $"\n\t'{Shown(Name(table, words[3 * i], type))}' type_id={words[3 * i + 1]} bits_offset={bitOffset}");
                    if (bitfieldSize != 0)
                        text.Append(CultureInfo.InvariantCulture, $" bitfield_size={bitfieldSize}");
                }
                break;
            case BtfKind.Enum:
                text.Append(CultureInfo.InvariantCulture, $" encoding={(type.KindFlag ? "SIGNED" : "UNSIGNED")} size={type.SizeOrType} vlen={type.Vlen}");
                for (int i = 0; i < type.Vlen; i++)
                {
                    string value = type.KindFlag ? ((int)words[2 * i + 1]).ToString(CultureInfo.InvariantCulture) : words[2 * i + 1].ToString(CultureInfo.InvariantCulture);
                    text.Append(CultureInfo.InvariantCulture, $"\n\t'{Shown(Name(table, words[2 * i], type))}' val={value}");
                }
                break;
            case BtfKind.Enum64:
                text.Append(CultureInfo.InvariantCulture, $" encoding={(type.KindFlag ? "SIGNED" : "UNSIGNED")} size={type.SizeOrType} vlen={type.Vlen}");
                for (int i = 0; i < type.Vlen; i++)
                {
                    ulong raw = (ulong)words[3 * i + 2] << 32 | words[3 * i + 1];
                    string value = type.KindFlag ? ((long)raw).ToString(CultureInfo.InvariantCulture) + "LL" : raw.ToString(CultureInfo.InvariantCulture) + "ULL";
                    text.Append(CultureInfo.InvariantCulture, $"\n\t'{Shown(Name(table, words[3 * i], type))}' val={value}");
                }
                break;
            case BtfKind.Forward:
                text.Append(type.KindFlag ? " fwd_kind=union" : " fwd_kind=struct");
                break;
            case BtfKind.Func:
                text.Append(CultureInfo.InvariantCulture, $" type_id={type.SizeOrType} linkage={Linkage(type.Vlen)}");
                break;
            case BtfKind.FuncProto:
                text.Append(CultureInfo.InvariantCulture, $" ret_type_id={type.SizeOrType} vlen={type.Vlen}");
                for (int i = 0; i < type.Vlen; i++)
                    text.Append(CultureInfo.InvariantCulture, $"\n\t'{Shown(Name(table, words[2 * i], type))}' type_id={words[2 * i + 1]}");
                break;
            case BtfKind.Var:
                text.Append(CultureInfo.InvariantCulture, $" type_id={type.SizeOrType}, linkage={Linkage((int)words[0])}");
                break;
            case BtfKind.Datasec:
                text.Append(CultureInfo.InvariantCulture, $" size={type.SizeOrType} vlen={type.Vlen}");
                for (int i = 0; i < type.Vlen; i++)
                {
                    RawBtfType? variable = table.Type((int)words[3 * i]);
                    string shownVariable = variable is null ? "" : $" ({KindName(variable.Kind)} '{Shown(variable.Name)}')";
                    text.Append(CultureInfo.InvariantCulture, $"\n\ttype_id={words[3 * i]} offset={words[3 * i + 1]} size={words[3 * i + 2]}{shownVariable}");
                }
                break;
            case BtfKind.Float:
                text.Append(CultureInfo.InvariantCulture, $" size={type.SizeOrType}");
                break;
            case BtfKind.DeclTag:
                text.Append(CultureInfo.InvariantCulture, $" type_id={type.SizeOrType} component_idx={(int)words[0]}");
                break;
        }
        return text.ToString();
    }

    private static string Name(BtfTable table, uint offset, RawBtfType owner) => table.String(offset, $"member name of BTF type [{owner.Id}]");

    private static string Shown(string name) => name.Length == 0 ? "(anon)" : name;

    private static string IntEncoding(uint encoding) => encoding switch
    {
        0 => "(none)",
        1 => "SIGNED",
        2 => "CHAR",
        4 => "BOOL",
        _ => "UNKN",
    };

    private static string Linkage(int linkage) => linkage switch
    {
        0 => "static",
        1 => "global",
        2 => "extern",
        _ => "(unknown)",
    };
}
