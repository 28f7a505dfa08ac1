using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TraitsBpf.Object.Tests.Support;

/// <summary>
/// <c>bpftool btf dump file</c> output turned into a comparison that ignores type ids and order:
/// every FUNC, VAR and DATASEC is rendered with the types it refers to expanded in place, so
/// two objects describe the same things exactly when their sets of renderings are equal.
/// </summary>
/// <remarks>
/// DATASEC sizes and variable offsets are left out because clang writes 0 for libbpf to fill
/// in while we write the real values (as the BPF static linker does); the tests check ours
/// against the ELF symbols separately.
/// </remarks>
internal static partial class BtfDump
{
    public static List<string> CanonicalRoots(string objectPath)
    {
        string dump = ExternalTool.Run("bpftool", "btf", "dump", "file", objectPath).AssertClean().Output;
        var types = Parse(dump);
        var roots = types.Values
            .Where(type => type.Kind is "FUNC" or "VAR" or "DATASEC")
            .Select(type => Render(types, type.Id, []))
            .ToList();
        roots.Sort(StringComparer.Ordinal);
        return roots;
    }

    private sealed record DumpedType(int Id, string Kind, string Name, string Attributes, List<string> Members);

    private static Dictionary<int, DumpedType> Parse(string dump)
    {
        var types = new Dictionary<int, DumpedType>();
        DumpedType? current = null;
        foreach (string line in dump.Split('\n'))
        {
            Match header = TypeLine().Match(line);
            if (header.Success)
            {
                current = new DumpedType(
                    int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture),
                    header.Groups[2].Value, header.Groups[3].Value, header.Groups[4].Value.Trim(), []);
                types.Add(current.Id, current);
            }
            else if (line.StartsWith('\t') && current is not null)
            {
                current.Members.Add(line.Trim());
            }
        }
        return types;
    }

    private static string Render(Dictionary<int, DumpedType> types, int id, HashSet<int> expanding)
    {
        if (id == 0)
            return "void";
        DumpedType type = types[id];
        if (!expanding.Add(id))
            return $"{type.Kind} '{type.Name}' (cycle)";
        var text = new StringBuilder($"{type.Kind} '{type.Name}'");
        string attributes = type.Kind == "DATASEC" ? "" : type.Attributes;
        text.Append(' ').Append(ExpandIds(types, attributes, expanding));
        foreach (string member in type.Members)
        {
            string shown = type.Kind == "DATASEC" ? DatasecOffset().Replace(member, "") : member;
            text.Append(" {").Append(ExpandIds(types, shown, expanding)).Append('}');
        }
        expanding.Remove(id);
        return text.ToString();
    }

    private static string ExpandIds(Dictionary<int, DumpedType> types, string text, HashSet<int> expanding) =>
        TypeIdReference().Replace(text, match =>
            $"{match.Groups[1].Value}=({Render(types, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), expanding)})");

    [GeneratedRegex(@"^\[(\d+)\] (\w+) '([^']*)'(.*)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"\b(type_id|ret_type_id|index_type_id)=(\d+)")]
    private static partial Regex TypeIdReference();

    [GeneratedRegex(@" offset=\d+")]
    private static partial Regex DatasecOffset();
}
