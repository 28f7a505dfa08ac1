using System.Reflection;
using System.Text;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;
using TraitsBpf.Object.Reading;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// Every helper an XDP, TC or socket filter program may call has a C# name in the SDK that such a program can
/// reach, or a written reason (<see cref="NetworkHelperReasons"/>), and docs/helpers.md is the table of both as
/// the SDK has them now. With <c>TRAITSBPF_UPDATE_HELPERS=1</c> the test writes the table instead of comparing.
/// </summary>
public sealed class HelperTableTests
{
    private const string UpdateVariable = "TRAITSBPF_UPDATE_HELPERS";
    private const string KernelBtf = "/sys/kernel/btf/vmlinux";

    private static readonly string[] ProgramTypes = ["XDP", "TC", "socket filter"];

    [Fact]
    public void EveryNetworkingHelperHasACSharpNameOrAReasonAndTheDocsTableIsCurrent()
    {
        var kernel = BtfFile.Read(File.ReadAllBytes(KernelBtf), KernelBtf).EnumeratorNames("bpf_func_id");
        var available = Availability();
        Assert.All(available.Keys, name => Assert.Contains("BPF_FUNC_" + name, kernel));

        var names = SdkNames();
        var rows = available.OrderBy(a => (int)Helper(a.Key)).Select(a => Row(a.Key, a.Value, names)).ToList();
        Assert.All(rows, row => Assert.True(row.Reason is not null || row.Uncovered.Count == 0,
            $"bpf_{row.Name} can be called from {string.Join(", ", row.Uncovered)} programs but has no C# name there and no reason in NetworkHelperReasons"));
        Assert.All(NetworkHelperReasons.All.Keys, name => Assert.True(
            rows.Any(r => r.Name == name && r.Uncovered.Count > 0), $"NetworkHelperReasons gives a reason for bpf_{name}, which needs none"));

        string path = Path.Combine(Repository.Root, "docs", "helpers.md");
        string table = Markdown(rows);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, table);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == table, $"docs/helpers.md is stale: run this test with {UpdateVariable}=1 and commit the table");
    }

    private static BpfHelper Helper(string name) => BpfHelpers.All.Single(h => h.Name == "bpf_" + name).Id;

    /// <summary>Each helper and the program types that may call it.</summary>
    private static Dictionary<string, HashSet<string>> Availability()
    {
        var available = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Add(IEnumerable<string> helpers, params string[] types)
        {
            foreach (string helper in helpers)
            {
                if (!available.TryGetValue(helper, out var set))
                {
                    available[helper] = set = [];
                }

                set.UnionWith(types);
            }
        }

        Add(NetworkHelperAvailability.XdpOnly, "XDP");
        Add(NetworkHelperAvailability.TcOnly, "TC");
        Add(NetworkHelperAvailability.SocketFilterOnly, "socket filter");
        Add(NetworkHelperAvailability.Shared, ProgramTypes);
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
                _ => ProgramTypes,
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
        var helper = Helper(name);
        var matching = names.Where(n => n.Helper == helper).ToList();
        var uncovered = ProgramTypes.Where(t => types.Contains(t) && !matching.Any(n => n.Types.Contains(t))).ToList();
        return new HelperRow(name, (int)helper, types, [.. matching.Select(n => n.Name).Distinct().Order(StringComparer.Ordinal)], uncovered,
            NetworkHelperReasons.All.GetValueOrDefault(name));
    }

    private static string Markdown(List<HelperRow> rows)
    {
        var text = new StringBuilder();
        text.Append("""
            # Helpers of networking programs

            Every helper Linux lets an XDP, TC (sched_cls, sched_act) or socket filter program call, with the
            C# member that calls it or why there is none. Generated by
            `tests/Programs.Tests/Helpers/HelperTableTests` (run it with `TRAITSBPF_UPDATE_HELPERS=1` after adding a
            helper to the SDK): which program types may call a helper is written once from Linux 6.12's
            net/core/filter.c (`xdp_func_proto`, `tc_cls_act_func_proto`, `sk_filter_func_proto`, each falling back to
            `bpf_sk_base_func_proto` and `bpf_base_func_proto`), checked against the running kernel's
            `enum bpf_func_id`; the C# names are read from the SDK (`[BpfHelper]`, or `[BpfIntrinsic(..., Helper = ...)]`
            where the compiler fills in arguments), and a member of a context serves that context's program type
            only. The test fails when a helper a program type may call has neither a C# name that type can reach nor
            a reason, or when this file differs from what it generates. A reason of "not in the SDK yet" means the
            helper can be added as any other (docs/vocabulary.md, "Adding a helper"); the compiler refuses nothing
            here, a program simply has no member to call.

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
