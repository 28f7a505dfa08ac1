namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>
/// Runs a shell script as root in a mount and network namespace of its own, with a fresh bpffs
/// mounted 1777 at /sys/fs/bpf (as some distributions and container runtimes mount it) and a
/// veth pair tb0/tb1, so the host's pins and interfaces are never touched. The script may call
/// <c>verb ARGS…</c> (traitsbpf, reported as <c>@@ ARG1 EXIT OUTPUT</c> on one line),
/// <c>attacker CMD…</c> (CMD as nobody, uid 65534) and use <c>$OBJ</c> (an XDP object).
/// </summary>
public static class PrivateBpfFs
{
    private const string Prelude = """
        set -u
        DLL="$1"; OBJ="$2"
        verb() { out=$(dotnet "$DLL" "$@" 2>&1); rc=$?; printf '@@ %s %s %s\n' "$1" "$rc" "$(printf '%s' "$out" | tr '\n' ' ')"; }
        attacker() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
        mount -t bpf -o mode=1777 bpf /sys/fs/bpf || exit 90
        ip link add name tb0 type veth peer name tb1 && ip link set tb0 up && ip link set tb1 up || exit 91

        """;

    /// <summary>Runs <paramref name="script"/>, killing it after <paramref name="timeout"/> (two minutes if null).</summary>
    public static ProcessResult Run(string script, TimeSpan? timeout = null) =>
        TraitsBpf.TestSupport.Host.Run.Command("unshare", ["--mount", "--net", "--propagation", "private", "sh", "-c", Prelude + script, "sh", Traitsbpf.Dll, ClangObjects.Path("xdp_counter")], stdin: null, timeout);

    /// <summary>The exit code and output of each <c>verb</c> call, in order.</summary>
    public static IReadOnlyList<(string Verb, int ExitCode, string Output)> Verbs(ProcessResult result) =>
        result.Stdout.Split('\n')
            .Where(l => l.StartsWith("@@ ", StringComparison.Ordinal))
            .Select(l => l[3..].Split(' ', 3))
            .Select(p => (p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), p.Length > 2 ? p[2] : ""))
            .ToList();
}
