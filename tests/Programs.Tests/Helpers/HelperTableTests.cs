using System.Reflection;
using System.Text;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.TestSupport.Kernel;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// Every helper the running kernel lets an XDP, TC or socket filter program call (<see cref="KernelHelperProbe"/> asks
/// its verifier) has a C# name in the SDK that such a program can reach, or a written reason
/// (<see cref="NetworkHelperReasons"/>), and docs/helpers.md is the table of both as the SDK has them now. The table
/// records the kernel release it was probed on and is compared only on that release: another kernel offers other
/// helpers, and there only the names and reasons are checked. With <c>TRAITSBPF_UPDATE_HELPERS=1</c> the test writes
/// the table instead of comparing.
/// </summary>
public sealed class HelperTableTests
{
    private const string UpdateVariable = "TRAITSBPF_UPDATE_HELPERS";
    private const string ReleaseMark = "Probed on Linux ";

    private static readonly (string Column, BpfProgramType Type)[] ProgramTypes =
        [("XDP", BpfProgramType.Xdp), ("TC", BpfProgramType.SchedCls), ("socket filter", BpfProgramType.SocketFilter)];

    private static readonly string[] AllColumns = [.. ProgramTypes.Select(t => t.Column)];

    [Fact]
    public void EveryNetworkingHelperHasACSharpNameOrAReasonAndTheDocsTableIsCurrent()
    {
        var available = Availability();
        var names = SdkNames();
        var rows = available.OrderBy(a => KernelHelperProbe.Helpers[a.Key]).Select(a => Row(a.Key, a.Value, names)).ToList();
        Assert.All(rows, row => Assert.True(row.Reason is not null || row.Uncovered.Count == 0,
            $"bpf_{row.Name} can be called from {string.Join(", ", row.Uncovered)} programs but has no C# name there and no reason in NetworkHelperReasons"));

        string release = KernelFeatures.CurrentRelease();
        string path = Path.Combine(Repository.Root, "docs", "helpers.md");
        string table = Markdown(rows, release);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, table);
        }

        Assert.True(File.Exists(path), $"docs/helpers.md is missing: run this test with {UpdateVariable}=1 and commit the table");
        string committed = File.ReadAllText(path);
        if (ProbedRelease(committed) != release)
        {
            return;
        }

        Assert.All(NetworkHelperReasons.All.Keys, name => Assert.True(
            rows.Any(r => r.Name == name && r.Uncovered.Count > 0), $"NetworkHelperReasons gives a reason for bpf_{name}, which needs none"));
        Assert.True(committed == table, $"docs/helpers.md is stale: run this test with {UpdateVariable}=1 and commit the table");
    }

    /// <summary>The kernel release the committed table names, or null when it names none.</summary>
    private static string? ProbedRelease(string table)
    {
        int start = table.IndexOf(ReleaseMark + "`", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += ReleaseMark.Length + 1;
        int end = table.IndexOf('`', start);
        return end < 0 ? null : table[start..end];
    }

    /// <summary>Each helper some of the three program types may call, with those types' columns.</summary>
    private static Dictionary<string, HashSet<string>> Availability()
    {
        var available = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (column, type) in ProgramTypes)
        {
            foreach (string helper in KernelHelperProbe.Callable(type))
            {
                if (!available.TryGetValue(helper, out var set))
                {
                    available[helper] = set = [];
                }

                set.Add(column);
            }
        }

        return available;
    }

    /// <summary>Every SDK member that calls a helper, as Type.Member, with the program types that can reach it.</summary>
    private static List<(BpfHelper Helper, string Name, string[] Types)> SdkNames()
    {
        var members = new List<(BpfHelper, string, string[])>();
        foreach (var type in typeof(XdpContext).Assembly.GetExportedTypes())
        {
            string typeName = type.Name.Split('`')[0];
            string[] types = typeName switch
            {
                nameof(XdpContext) => ["XDP"],
                nameof(TcContext) => ["TC"],
                nameof(SocketContext) => ["socket filter"],
                nameof(CgroupSkbContext) or nameof(SockAddrContext) => [],
                nameof(BpfSpinLock) => ["XDP", "TC"],
                _ => AllColumns,
            };
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var helper = method.GetCustomAttribute<BpfHelperAttribute>()?.Helper ?? method.GetCustomAttribute<BpfIntrinsicAttribute>()?.Helper ?? BpfHelper.Unspecified;
                if (helper != BpfHelper.Unspecified)
                {
                    members.Add((helper, $"{typeName}.{method.Name}", types));
                }
            }
        }

        return members;
    }

    private static HelperRow Row(string name, HashSet<string> types, List<(BpfHelper Helper, string Name, string[] Types)> names)
    {
        int id = KernelHelperProbe.Helpers[name];
        var matching = names.Where(n => (int)n.Helper == id).ToList();
        var uncovered = AllColumns.Where(t => types.Contains(t) && !matching.Any(n => n.Types.Contains(t))).ToList();
        return new HelperRow(name, id, types, [.. matching.Select(n => n.Name).Distinct().Order(StringComparer.Ordinal)], uncovered,
            NetworkHelperReasons.All.GetValueOrDefault(name));
    }

    private static string Markdown(List<HelperRow> rows, string release)
    {
        var text = new StringBuilder();
        text.Append($$"""
            # Helpers of networking programs

            Every helper Linux lets an XDP, TC (sched_cls) or socket filter program call, with the C# member that
            calls it or why there is none. Generated by `tests/Programs.Tests/Helpers/HelperTableTests` (run it with
            `TRAITSBPF_UPDATE_HELPERS=1` after adding a helper to the SDK). Which program types may call a helper is
            asked of the running kernel (`TestSupport/Kernel/KernelHelperProbe`): for every helper of its
            `enum bpf_func_id` and each type, a root-loaded GPL program that only calls the helper, where the
            verifier's "program of this type cannot use helper" means the type may not call it, and any other
            refusal (of the arguments the probe leaves unset) means it may; a helper that "might sleep" counts only
            for a type the kernel loads as sleepable, which none of these is. {{ReleaseMark}}`{{release}}`; on
            another kernel the test checks only that every helper it probes has a C# name or a reason. The C# names
            are read from the SDK (`[BpfHelper]`, or `[BpfIntrinsic(..., Helper = ...)]` where the compiler fills in
            arguments), and a member of a context serves that context's program type only. The test fails when a
            helper a program type may call has neither a C# name that type can reach nor a reason, or when this file
            differs from what it generates. A reason of "not in the SDK yet" means the helper can be added as any
            other (docs/vocabulary.md, "Adding a helper"); the compiler refuses nothing here, a program simply has
            no member to call.

            | helper | id | XDP | TC | socket filter | C# | why not (where no C# name reaches) |
            |---|---|---|---|---|---|---|

            """);
        foreach (var row in rows)
        {
            string Mark(string type) => !row.Types.Contains(type) ? "" : row.Uncovered.Contains(type) ? "no" : "yes";
            string names = string.Join(", ", row.CSharpNames.Select(n => $"`{n}`"));
            string reason = row.Uncovered.Count == 0 ? "" : row.Reason ?? "";
            text.Append($"| `bpf_{row.Name}` | {row.Id} | {Mark("XDP")} | {Mark("TC")} | {Mark("socket filter")} | {names} | {reason} |\n");
        }

        return text.ToString();
    }

    private sealed record HelperRow(string Name, int Id, HashSet<string> Types, List<string> CSharpNames, List<string> Uncovered, string? Reason);
}
