using System.Text.RegularExpressions;
using TraitsBpf.Programs.Tests.Infrastructure;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// A <see cref="PerfEventArray"/> declares the map clang declares for the C a libbpf user writes
/// (<c>__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(int));</c>,
/// and <c>__uint(max_entries, 8)</c> when sized): the same BTF for the map's variable, type ids aside, and the same
/// <c>.maps</c> symbol. clang -O2 -mcpu=v3 -g compiles the C.
/// </summary>
public sealed partial class PerfEventMapBtfTests
{
    private const string CSource = """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>

        struct {
        	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
        	__uint(key_size, sizeof(int));
        	__uint(value_size, sizeof(int));
        } Events SEC(".maps");

        struct {
        	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
        	__uint(key_size, sizeof(int));
        	__uint(value_size, sizeof(int));
        	__uint(max_entries, 8);
        } EightSlots SEC(".maps");

        SEC("xdp")
        int h_perf_xdp(struct xdp_md *ctx)
        {
        	__u32 sample = 0;

        	bpf_perf_event_output(ctx, &EightSlots, BPF_F_CURRENT_CPU, &sample, sizeof(sample));
        	return bpf_perf_event_output(ctx, &Events, BPF_F_CURRENT_CPU, &sample, sizeof(sample)) ? XDP_ABORTED : XDP_PASS;
        }

        char LICENSE[] SEC("license") = "GPL";
        """;

    [Theory]
    [InlineData("Events")]
    [InlineData("EightSlots")]
    public void The_map_has_the_btf_and_symbol_clang_gives_the_c_declaration(string map)
    {
        var directory = Directory.CreateTempSubdirectory("perf-map-btf-");
        try
        {
            var ours = Path.Combine(directory.FullName, "ours.o");
            using (var programs = new CompiledAssembly(typeof(PerfEventPrograms).Assembly.Location, "h_perf_xdp", "h_perf_sized"))
                File.WriteAllBytes(ours, programs.Result.Object);
            var source = Path.Combine(directory.FullName, "perf.c");
            var clangs = Path.Combine(directory.FullName, "clang.o");
            File.WriteAllText(source, CSource);
            Tool.RunClean("clang", "-O2", "-mcpu=v3", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", clangs);

            Assert.Equal(MapBtf(clangs, map), MapBtf(ours, map));
            Assert.Equal(MapSymbol(clangs, map), MapSymbol(ours, map));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The map's VAR with the types it refers to spelled out in place of their ids, from bpftool's dump.</summary>
    private static string MapBtf(string objectPath, string map)
    {
        var types = new Dictionary<string, (string Header, List<string> Members)>();
        (string Header, List<string> Members)? current = null;
        foreach (var line in Tool.RunClean("bpftool", "btf", "dump", "file", objectPath).Output.Split('\n'))
        {
            var header = TypeLine().Match(line);
            if (header.Success)
                types[header.Groups[1].Value] = (current = (header.Groups[2].Value, [])).Value;
            else if (line.StartsWith('\t') && current is { } type)
                type.Members.Add(line.Trim());
        }

        var variable = types.Values.Single(t => t.Header.StartsWith($"VAR '{map}' ", StringComparison.Ordinal));
        return Spell(types, variable);
    }

    private static string Spell(Dictionary<string, (string Header, List<string> Members)> types, (string Header, List<string> Members) type)
    {
        string Expand(string text) => TypeId().Replace(text, m => m.Groups[1].Value + "{" + Spell(types, types[m.Groups[2].Value]) + "}");
        return Expand(type.Header) + string.Concat(type.Members.Select(m => " | " + Expand(m)));
    }

    /// <summary>
    /// The map's symbol as llvm-readelf lists it (size, type, binding, visibility) and its section's name; not its
    /// offset, which follows the order of the declarations (clang lays out .maps in an order of its own).
    /// </summary>
    private static string MapSymbol(string objectPath, string map)
    {
        var listing = Tool.RunClean("llvm-readelf", "-s", "-S", objectPath).Output.Split('\n');
        var symbol = listing.Single(l => l.TrimEnd().EndsWith(" " + map, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var section = listing.Single(l => l.Contains($"[{symbol[6],2}] ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return $"{string.Join(' ', symbol[2..6])} in {section[^10]}";
    }

    [GeneratedRegex(@"^\[(\d+)\] (.*)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"((?:type_id|ret_type_id|index_type_id)=)(\d+)")]
    private static partial Regex TypeId();
}
