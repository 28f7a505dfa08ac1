using System.Text.Json;

namespace TraitsBpf.TestSupport.Host;

/// <summary>Runs the real traitsbpf executable (built beside the tests), optionally inside a network namespace.</summary>
public static class Traitsbpf
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "traitsbpf.dll");

    /// <summary>Runs traitsbpf in the test's own network namespace.</summary>
    public static ProcessResult Run(params string[] args) => RunIn(namespaceName: null, args);

    /// <summary>Runs traitsbpf inside <paramref name="namespaceName"/> (entering only its network namespace, so /sys/fs/bpf stays visible).</summary>
    public static ProcessResult RunIn(string? namespaceName, params string[] args)
    {
        if (!File.Exists(Dll))
            throw new InvalidOperationException($"traitsbpf is not built at {Dll}");
        var command = new List<string>();
        if (namespaceName is not null)
            command.AddRange(["--net=/run/netns/" + namespaceName, "dotnet"]);
        command.Add(Dll);
        command.AddRange(args);
        return Host.Run.Command(namespaceName is null ? "dotnet" : "nsenter", command, stdin: null);
    }

    /// <summary>Runs traitsbpf with every capability dropped (still uid 0), as an unprivileged user would.</summary>
    public static ProcessResult RunWithoutCapabilities(params string[] args) =>
        Host.Run.Command("setpriv", ["--bounding-set", "-all", "--inh-caps", "-all", "dotnet", Dll, .. args], stdin: null);

    /// <summary>The value of <paramref name="map"/>[<paramref name="key"/>] of an attachment, read with `traitsbpf maps --json`.</summary>
    public static ulong MapValue(string? namespaceName, string attachment, string map, ulong key)
    {
        var result = RunIn(namespaceName, "maps", attachment, "--map", map, "--json").EnsureSuccess();
        var entries = JsonDocument.Parse(result.Stdout).RootElement[0].GetProperty("entries");
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.GetProperty("keyInt").GetUInt64() == key)
                return entry.GetProperty("valueInt").GetUInt64();
        }
        throw new InvalidOperationException($"map {map} of {attachment} has no key {key}:\n{result.Stdout}");
    }
}
