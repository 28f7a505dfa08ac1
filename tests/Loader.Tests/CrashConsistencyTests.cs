using System.Globalization;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Loading;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// The reliability tier for crashes: <c>load</c> is killed with SIGKILL at every step boundary
/// (<see cref="FaultPoint"/>), and after each kill the invariant must hold: whatever the kernel runs
/// is something <c>list</c> shows; <c>repair</c> leaves either nothing or the committed attachment,
/// with no working directories and with the kernel running exactly the program the record names;
/// <c>detach</c> then leaves the kernel clean. Each case has a bpffs and network namespace of its own.
/// </summary>
public abstract class CrashConsistencyTests
{
    // Every point a fresh attach reaches, in order; Record is the commit point.
    private static readonly string[] s_points =
        [nameof(LoadStep.Open), nameof(LoadStep.Check), nameof(LoadStep.Registry), nameof(LoadStep.Load),
         FaultPoint.Intent, nameof(LoadStep.Attach), nameof(LoadStep.Pin), nameof(LoadStep.Record)];

    // A replace changes nothing before its write-ahead record, so the points before Load add nothing there.
    private static readonly string[] s_replacePoints = s_points[3..];

    private readonly string _hook;
    private readonly string _without;

    /// <param name="hook">xdp, tc, trace or cgroup.</param>
    /// <param name="without">What the kernel is taken to lack (<see cref="KernelFeatures.WithoutVariable"/>), to take the fallback paths.</param>
    protected CrashConsistencyTests(string hook, string without)
    {
        Privileges.RequireRoot();
        _hook = hook;
        _without = without;
    }

    [Fact]
    public void A_load_killed_at_any_step_leaves_nothing_or_the_new_attachment() => Check(replace: false, "KILL");

    /// <summary>A tracing link cannot swap its program: there a replace is refused and the first attachment stays.</summary>
    [Fact]
    public void A_replace_killed_at_any_step_leaves_the_old_program_or_the_new_one()
    {
        if (_hook == "trace")
            CheckReplaceRefused();
        else
            Check(replace: true, "KILL");
    }

    /// <summary>SIGTERM before the kernel is touched ends the load; from the write-ahead record on, the load completes first.</summary>
    [Fact]
    public void A_load_terminated_at_any_step_leaves_nothing_or_the_complete_attachment() => Check(replace: false, "TERM");

    private void Check(bool replace, string signal)
    {
        var points = replace ? s_replacePoints : s_points;
        // Some forty traitsbpf runs: generous, for a loaded two-core machine.
        var result = PrivateBpfFs.Run(Script(points, replace, signal), TimeSpan.FromMinutes(8));

        var cases = Cases(result);
        Assert.True(cases.Count == points.Length, $"expected one line per point ({string.Join(", ", points)}):\n{result}");
        foreach (var c in cases)
        {
            // SIGKILL commits nothing before Record; SIGTERM waits from the write-ahead record on (the signal shield).
            var committed = signal == "KILL"
                ? c["point"] == nameof(LoadStep.Record)
                : Array.IndexOf(s_points, c["point"]) >= Array.IndexOf(s_points, FaultPoint.Intent);
            var where = $"{_hook} (without '{_without}'){(replace ? " --replace" : "")} SIG{signal} after {c["point"]}: {string.Join(' ', c.Select(p => $"{p.Key}={p.Value}"))}";
            Assert.True(c["rc"] == (signal == "KILL" ? "137" : "143"), where);
            // Right after the kill: what the kernel runs is listed (as active or interrupted).
            Assert.True(c["k1"] == "0" || c["s1"].Length > 0, where);
            // After repair: no working directories; nothing, or one active attachment running the recorded program.
            Assert.True(c["rr"] == "0", where);
            Assert.True(c["left2"] == "0", where);
            var expectActive = committed || replace;
            Assert.True(c["s2"] == (expectActive ? "active," : ""), where);
            Assert.True(c["k2"] == (expectActive ? "1" : "0"), where);
            if (expectActive)
            {
                Assert.True(c["kid2"] == c["lid2"], where);
                // A replace that did not reach its commit runs the old program again; one that did, the new one.
                if (replace)
                    Assert.True((c["kid2"] == c["old"]) != committed, where);
            }
            // detach then leaves the kernel and the pin root clean.
            Assert.True(c["rd"] == (expectActive ? "0" : "10"), where);
            Assert.True(c["k3"] == "0" && c["left3"] == "0", where);
        }
        if (_hook == "tc" && _without == "tcx")
            Assert.True(result.Stdout.Contains("qdisc-left=0", StringComparison.Ordinal), result.ToString());
    }

    private void CheckReplaceRefused()
    {
        var result = PrivateBpfFs.Run($$"""
            tb() { dotnet "$DLL" "$@"; }
            tb load {{ClangObjects.Path("trace_counter")}} --name a >/dev/null || echo setup-failed
            tb load {{ClangObjects.Path("trace_counter")}} --name a --replace 2>&1; echo "## rc=$?"
            tb list | grep -c "program 'trace_count' id [0-9]*, active"
            tb detach --name a >/dev/null; echo "## rd=$?"
            """, TimeSpan.FromMinutes(2));

        Assert.DoesNotContain("setup-failed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("## rc=2", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("attachment 'a' is a tracing link, whose program the kernel cannot swap; detach it and load again", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n1\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("## rd=0", result.Stdout, StringComparison.Ordinal);
    }

    private string Script(string[] points, bool replace, string signal)
    {
        var xdp = _hook == "xdp";
        var trace = _hook == "trace";
        var cgroup = _hook == "cgroup";
        var obj = xdp ? "\"$OBJ\"" : ClangObjects.Path(trace ? "trace_counter" : cgroup ? "cgroup_sendmsg" : "tc_counter");
        var args = xdp ? "--iface tb0 --xdp-mode generic --name a" : trace ? "--name a" : cgroup ? "--cgroup \"$CG\" --name a" : "--iface tb0 --tc ingress --name a";
        // The kernel's view, not traitsbpf's: ip for XDP, tc for clsact filters, BPF_PROG_QUERY for tcx, and for a
        // tracing link the programs named trace_count that bpftool sees held by a raw_tracepoint link.
        var kernel = xdp ? "ip -d link show tb0 | grep -o 'prog/xdp id [0-9]*' | grep -o '[0-9]*$'"
            : cgroup ? "bpftool cgroup show \"$CG\" | awk '/udp4_sendmsg/ {print $1}'"
            : trace ? "for p in $(bpftool link show | awk '/raw_tracepoint/ {print $4}'); do bpftool prog show id $p | grep -q 'name trace_count' && echo $p; done"
            : _without == "tcx" ? "tc filter show dev tb0 ingress | grep -o ' id [0-9]*' | grep -o '[0-9]*$'"
            : $"{HostTools.Path("tcx_progs")} tb0 ingress";
        var detach = trace || cgroup ? "--name a" : "--iface tb0";
        return $$"""
            tb() { dotnet "$DLL" "$@" 2>/dev/null; }
            kid() { {{kernel}}; }
            count() { kid | wc -l; }
            export {{KernelFeatures.WithoutVariable}}={{_without}}
            {{(cgroup ? "CG=$(mktemp -d) && mount -t cgroup2 none \"$CG\" && CG=\"$CG/tbpf-crash-$$\" && mkdir \"$CG\" || echo cgroup-setup-failed" : ":")}}
            L=$(mktemp)
            snap() { tb list --json > "$L"; }
            states() { grep -o '"state": *"[a-z-]*"' "$L" | cut -d'"' -f4 | tr '\n' ','; }
            lid() { grep -o '"programId": *[0-9]*' "$L" | grep -o '[0-9]*$'; }
            work() { ls -A /sys/fs/bpf/traitsbpf 2>/dev/null | grep -c "$1"; }
            for point in {{string.Join(' ', points)}}; do
              old=0
              {{(replace ? $"tb load {obj} {args} >/dev/null || echo setup-failed; old=$(kid)" : ":")}}
              TRAITSBPF_KILL_AT=$point:{{signal}} dotnet "$DLL" load {{obj}} {{args}} {{(replace ? "--replace" : "")}} >/dev/null 2>&1; rc=$?
              k1=$(count); snap; s1=$(states)
              tb repair >/dev/null; rr=$?
              k2=$(count); kid2=$(kid); snap; s2=$(states); lid2=$(lid); left2=$(work '^_staging\|^_retired')
              tb detach {{detach}} >/dev/null; rd=$?
              k3=$(count); left3=$(work '^_staging\|^_retired\|^a$')
              echo "## point=$point rc=$rc k1=$k1 s1=$s1 rr=$rr k2=$k2 s2=$s2 kid2=$kid2 lid2=$lid2 old=$old left2=$left2 rd=$rd k3=$k3 left3=$left3"
            done
            echo "qdisc-left=$(tc qdisc show dev tb0 | grep -c clsact)"
            {{(cgroup ? "rmdir \"$CG\"" : ":")}}
            """;
    }

    private static List<Dictionary<string, string>> Cases(TestSupport.Host.ProcessResult result) =>
        result.Stdout.Split('\n')
            .Where(l => l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => l[3..].Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal))
            .ToList();
}
