using System.Globalization;
using System.Text.Json;
using TraitsBpf.Loader;

namespace TraitsBpf.TestSupport.Host;

/// <summary>What bpftool, another process reading the kernel, says a loaded program's maps hold, as raw bytes.</summary>
public static class BpftoolMaps
{
    /// <summary>The id of <paramref name="program"/>'s map called <paramref name="name"/> (bpftool's name: at most 15 characters).</summary>
    public static uint Id(BpfProgram program, string name)
    {
        foreach (var id in program.Info().MapIds)
        {
            using var show = JsonDocument.Parse(Bpftool("map", "show", "id", id.ToString(CultureInfo.InvariantCulture)));
            if (show.RootElement.GetProperty("name").GetString() == (name.Length > 15 ? name[..15] : name))
                return id;
        }
        throw new InvalidOperationException($"program '{program.Name}' uses no map named '{name}'");
    }

    /// <summary>What <c>bpftool map show</c> says of a map (type, flags, sizes, pinned paths).</summary>
    public static JsonDocument Show(uint mapId) => JsonDocument.Parse(Bpftool("map", "show", "id", mapId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>What <c>bpftool map show pinned</c> says of the map pinned at <paramref name="path"/>.</summary>
    public static JsonDocument ShowPinned(string path) => JsonDocument.Parse(Bpftool("map", "show", "pinned", path));

    /// <summary>Every entry of a map (not the empty slots bpftool lists): the key's bytes and the value's (for a per-CPU map, the values of all CPUs one after another).</summary>
    public static List<(byte[] Key, byte[] Value)> Dump(uint mapId)
    {
        using var dump = JsonDocument.Parse(Bpftool("map", "dump", "id", mapId.ToString(CultureInfo.InvariantCulture)));
        var entries = new List<(byte[], byte[])>();
        foreach (var entry in dump.RootElement.EnumerateArray())
        {
            // An array-like map whose empty slots bpftool lists with an error instead of a value (a CPU map's "<no entry>").
            if (entry.TryGetProperty("value", out var single) && single.ValueKind == JsonValueKind.Object)
                continue;
            var key = Bytes(entry.GetProperty("key"));
            var value = entry.TryGetProperty("values", out var perCpu)
                ? perCpu.EnumerateArray().SelectMany(cpu => Bytes(cpu.GetProperty("value"))).ToArray()
                : Bytes(entry.GetProperty("value"));
            entries.Add((key, value));
        }
        return entries;
    }

    private static byte[] Bytes(JsonElement hexes) =>
        [.. hexes.EnumerateArray().Select(h => byte.Parse(h.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))];

    private static string Bpftool(params string[] arguments)
    {
        Run.RequireTool("bpftool");
        return Run.Command("bpftool", ["-j", .. arguments], stdin: null).EnsureSuccess().Stdout;
    }
}
