using System.Text.Json;

namespace TraitsBpf.Object.Tests.Support;

/// <summary>
/// Loads an object into the running kernel with <c>bpftool prog loadall</c>, pinning its programs
/// in a directory of its own under /sys/fs/bpf, and unpins everything when disposed. Needs root;
/// fails loudly without it.
/// </summary>
internal sealed class KernelLoad : IDisposable
{
    private const string BpfFsRoot = "/sys/fs/bpf";

    private readonly string[] extraPins;

    private KernelLoad(string pinDirectory, ToolResult result, string[] extraPins)
    {
        PinDirectory = pinDirectory;
        Result = result;
        this.extraPins = extraPins;
    }

    public string PinDirectory { get; }

    public ToolResult Result { get; }

    /// <param name="objectPath">The object to load.</param>
    /// <param name="pinnedByName">Names of maps with pinning = LIBBPF_PIN_BY_NAME, which libbpf pins in /sys/fs/bpf itself.</param>
    public static KernelLoad Load(string objectPath, params string[] pinnedByName)
    {
        RequireRoot();
        EnsureBpfFs();
        string[] extraPins = [.. pinnedByName.Select(name => Path.Combine(BpfFsRoot, name))];
        foreach (string pin in extraPins)
            File.Delete(pin);
        string pinDirectory = Path.Combine(BpfFsRoot, "traitsbpf-object-tests-" + Guid.NewGuid().ToString("N")[..12]);
        ToolResult result = ExternalTool.Run("bpftool", "prog", "loadall", objectPath, pinDirectory);
        return new KernelLoad(pinDirectory, result, extraPins);
    }

    /// <summary>The kernel's id of the program pinned under <paramref name="programName"/>.</summary>
    public int ProgramId(string programName)
    {
        ToolResult show = ExternalTool.Run("bpftool", "-j", "prog", "show", "pinned", Path.Combine(PinDirectory, programName)).AssertClean();
        using JsonDocument json = JsonDocument.Parse(show.Output);
        return json.RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>The maps the program pinned under <paramref name="programName"/> uses, in the kernel's words.</summary>
    public List<LoadedMap> MapsUsedBy(string programName)
    {
        ToolResult show = ExternalTool.Run("bpftool", "-j", "prog", "show", "pinned", Path.Combine(PinDirectory, programName)).AssertClean();
        using JsonDocument program = JsonDocument.Parse(show.Output);
        var maps = new List<LoadedMap>();
        if (!program.RootElement.TryGetProperty("map_ids", out JsonElement ids))
            return maps;
        foreach (JsonElement id in ids.EnumerateArray())
        {
            using JsonDocument map = JsonDocument.Parse(ExternalTool.Run("bpftool", "-j", "map", "show", "id", id.GetInt32().ToString()).AssertClean().Output);
            JsonElement root = map.RootElement;
            maps.Add(new LoadedMap(
                root.GetProperty("name").GetString() ?? "",
                root.GetProperty("type").GetString() ?? "",
                root.GetProperty("flags").GetUInt32(),
                root.GetProperty("bytes_key").GetInt32(),
                root.GetProperty("bytes_value").GetInt32(),
                root.GetProperty("max_entries").GetInt32(),
                root.TryGetProperty("frozen", out JsonElement frozen) && frozen.GetInt32() != 0));
        }
        return maps;
    }

    public void Dispose()
    {
        if (Directory.Exists(PinDirectory))
        {
            foreach (string pin in Directory.GetFiles(PinDirectory))
                File.Delete(pin);
            Directory.Delete(PinDirectory);
        }
        foreach (string pin in extraPins)
            File.Delete(pin);
    }

    private static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("Loading BPF programs needs root; run the object tests as root (./build.sh test does).");
    }

    /// <summary>bpftool pins only on a BPF filesystem; mount it where every BPF tool expects it if the system has not.</summary>
    private static void EnsureBpfFs()
    {
        bool mounted = File.ReadAllLines("/proc/mounts").Any(line => line.Split(' ') is [_, BpfFsRoot, "bpf", ..]);
        if (!mounted)
            ExternalTool.Run("mount", "-t", "bpf", "bpf", BpfFsRoot).AssertClean();
    }
}
