namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>
/// A bpffs of the test's own, mounted on a temporary directory, holding the pin root: the library is
/// given its path, and traitsbpf runs see it at /sys/fs/bpf through a bind mount in a mount namespace
/// of their own, so the host's pins are never touched and the test's outlive each command.
/// Disposing unmounts it, which releases every pin in it.
/// </summary>
public sealed class PrivatePinRoot : IDisposable
{
    private const string RunScript = """mount --bind "$1" /sys/fs/bpf || exit 90; exec nsenter --net="/run/netns/$2" dotnet "$3" "${@:4}" """;

    private readonly TemporaryBpfFs bpffs = new();

    /// <summary>Where the bpffs is mounted (for traitsbpf runs: /sys/fs/bpf).</summary>
    public string Mount => bpffs.Mount;

    /// <summary>The pin root in it (for traitsbpf runs: /sys/fs/bpf/traitsbpf).</summary>
    public string Root => Path.Combine(Mount, "traitsbpf");

    /// <summary>Whether attachment <paramref name="name"/> has a pin directory.</summary>
    public bool Pinned(string name) => Directory.Exists(Path.Combine(Root, name));

    /// <summary>Runs traitsbpf in network namespace <paramref name="namespaceName"/>, with this bpffs at /sys/fs/bpf.</summary>
    public ProcessResult Traitsbpf(string namespaceName, params string[] args) =>
        Run.Command("unshare", ["--mount", "--propagation", "private", "bash", "-c", RunScript, "bash", Mount, namespaceName, TestSupport.Host.Traitsbpf.Dll, .. args], stdin: null);

    public void Dispose() => bpffs.Dispose();
}
