using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// traitsbpf beside another tool's XDP program put there by xdp-loader (libxdp), on this host's kernel, in a mount
/// and network namespace of the test's own (private bpffs, veth tb0/tb1). Whether the kernel lets libxdp build its
/// dispatcher is read from xdp-loader itself: where it falls back to a single program (the kernel refuses freplace),
/// traitsbpf must refuse in one sentence that says so and touch nothing; where it builds the dispatcher, traitsbpf
/// must join it; and <c>traitsbpf kernel</c> must report the same. The full coexistence checks (both run on every packet, in priority order) are tests/Vm/coexist.sh.
/// </summary>
public sealed class XdpCoexistenceTests
{
    [Fact]
    public void Load_beside_xdp_loaders_program_joins_its_dispatcher_or_says_the_kernel_refuses_freplace()
    {
        Privileges.RequireRoot();
        Run.RequireTool("xdp-loader");

        var result = PrivateBpfFs.Run("""
            xdp-loader load -m skb tb1 "$OBJ" || exit 92
            xdp-loader status tb1 | sed 's/^/status-before: /'
            verb load "$OBJ" --iface tb1 --xdp-mode generic --priority 20 --name ours
            xdp-loader status tb1 | sed 's/^/status-after: /'
            verb list
            verb kernel --json
            echo "pins: $(ls /sys/fs/bpf/traitsbpf 2>/dev/null | tr '\n' ' ')"
            """);

        Assert.True(result.ExitCode == 0, $"the script failed ({result.ExitCode}): {result.Stdout}{result.Stderr}");
        var before = Lines(result, "status-before: ");
        var after = Lines(result, "status-after: ");
        var (verb, exitCode, output) = Assert.Single(PrivateBpfFs.Verbs(result), v => v.Verb == "load");
        var theirs = Assert.Single(before, l => l.Contains("xdp_count", StringComparison.Ordinal));
        var dispatcher = before.Any(l => l.Contains("xdp_dispatcher", StringComparison.Ordinal));
        var kernel = System.Text.Json.JsonDocument.Parse(Assert.Single(PrivateBpfFs.Verbs(result), v => v.Verb == "kernel").Output).RootElement;
        Assert.Equal(dispatcher ? "yes" : "refused", kernel.GetProperty("freplace").GetString());
        if (!dispatcher)
        {
            // libxdp fell back to a single program: this kernel refuses freplace, so there is no dispatcher to join.
            var id = theirs.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
            Assert.Equal(11, exitCode);
            Assert.Matches(
                $@"^error: interface tb1 already runs another tool's XDP program 'xdp_count' \(id {id}\), and this kernel refuses freplace programs \(BPF_PROG_TYPE_EXT: [^)]+\), which sharing an XDP hook through libxdp's dispatcher needs\.$",
                output);
            Assert.Equal(before, after);
            Assert.Contains("pins: \n", result.Stdout + "\n", StringComparison.Ordinal);
        }
        else
        {
            Assert.True(exitCode == 0, $"{verb}: {output}");
            Assert.Contains(after, l => l.Contains("xdp_count", StringComparison.Ordinal));
            Assert.Contains(after, l => l.Contains("=>") && l.Contains(" 20 ") && l.Contains("xdp_count"));
            var list = Assert.Single(PrivateBpfFs.Verbs(result), v => v.Verb == "list").Output;
            Assert.Contains("another tool (not traitsbpf)", list, StringComparison.Ordinal);
            Assert.Contains("traitsbpf attachment 'ours'", list, StringComparison.Ordinal);
        }
    }

    private static List<string> Lines(ProcessResult result, string prefix) =>
        result.Stdout.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].TrimEnd()).Where(l => l.Length > 0).ToList();
}
