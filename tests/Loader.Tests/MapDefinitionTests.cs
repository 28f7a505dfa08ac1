using System.Text.RegularExpressions;
using TraitsBpf.Compiler;
using TraitsBpf.Loader.Tests.CSharp;
using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.Object;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// The BTF map definitions the compiler writes for the per-CPU hash maps, the LPM trie, the queue, the stack, the bloom filter, the redirect maps (CPU and device maps with room for a program too) and a <c>[Pinned]</c> map
/// are the ones clang writes for the same maps in C (c/pinned_maps.c): the same members at the same offsets, the
/// same numbers in the <c>__uint</c> arrays (type, max_entries, map_flags, map_extra, <c>pinning = LIBBPF_PIN_BY_NAME</c>),
/// and keys and values of the same sizes, so libbpf, bpftool and <c>ip</c> read them alike.
/// </summary>
public sealed partial class MapDefinitionTests
{
    [Theory]
    [InlineData("SharedNotes")]
    [InlineData("NotesPerCpu")]
    [InlineData("RecentPerCpu")]
    [InlineData("Blocks")]
    [InlineData("Arrivals")]
    [InlineData("Pending")]
    [InlineData("KeysSeen")]
    [InlineData("Ports")]
    [InlineData("Cpus")]
    [InlineData("Sockets")]
    [InlineData("SlotCpus")]
    [InlineData("SlotPorts")]
    public void TheDefinitionIsClangs(string map)
    {
        var ours = ObjectReader.Read(BpfCompiler.Compile(typeof(PinnedMapPrograms).Assembly.Location, new CompilerOptions { Programs = ["pin_writer"] }).Object);
        var clangs = ObjectReader.ReadFile(ClangObjects.Path("pinned_maps"));
        var definition = Definition(ours, map);
        Assert.Equal(Definition(clangs, map), definition);
        if (map == "SharedNotes")
            Assert.Contains("pinning at 256: 1", definition);
        if (map is "SlotCpus" or "SlotPorts")
            Assert.Contains("value_size at 128: 8", definition); // struct bpf_cpumap_val / bpf_devmap_val
        if (map == "KeysSeen")
            Assert.Contains("map_extra at 192: 3", definition);
        if (map is "Arrivals" or "Pending" or "KeysSeen")
            Assert.DoesNotContain(definition, member => member.StartsWith("key", StringComparison.Ordinal)); // key size 0
    }

    /// <summary>Each member of the map's definition struct: its name, bit offset, and the number or the size of the type it points to.</summary>
    private static List<string> Definition(ObjectFile file, string map)
    {
        var types = file.BtfTypes.ToDictionary(t => t.Id);
        var variable = file.BtfTypes.Single(t => t.Kind == "VAR" && t.Name == map);
        var definition = types[TypeId(variable.Text)];
        return
        [
            .. Member().Matches(definition.Text).Select(m =>
            {
                var pointee = types[TypeId(types[int.Parse(m.Groups["type"].Value)].Text)];
                string what = pointee.Kind == "ARRAY" ? Elements().Match(pointee.Text).Groups[1].Value : $"{SizeOf(types, pointee)} bytes";
                return $"{m.Groups["name"].Value} at {m.Groups["offset"].Value}: {what}";
            }),
        ];
    }

    private static int SizeOf(Dictionary<int, BtfTypeSummary> types, BtfTypeSummary type) =>
        type.Kind is "TYPEDEF" or "CONST" or "VOLATILE" ? SizeOf(types, types[TypeId(type.Text)]) : int.Parse(Size().Match(type.Text).Groups[1].Value);

    private static int TypeId(string text) => int.Parse(FirstTypeId().Match(text).Groups[1].Value);

    [GeneratedRegex(@"^\[\d+\] \w+ '[^']*' type_id=(\d+)")]
    private static partial Regex FirstTypeId();

    [GeneratedRegex(@"'(?<name>\w+)' type_id=(?<type>\d+) bits_offset=(?<offset>\d+)")]
    private static partial Regex Member();

    [GeneratedRegex(@"nr_elems=(\d+)")]
    private static partial Regex Elements();

    [GeneratedRegex(@" size=(\d+)")]
    private static partial Regex Size();
}
