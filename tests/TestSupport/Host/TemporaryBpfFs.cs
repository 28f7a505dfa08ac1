namespace TraitsBpf.TestSupport.Host;

/// <summary>
/// A bpffs of the test's own, mounted on a fresh temporary directory: pins made in it (libbpf's pins of maps
/// declared pinned by name, traitsbpf's) never meet the host's /sys/fs/bpf nor another test's. Disposing
/// unmounts it, which releases every pin in it.
/// </summary>
public sealed class TemporaryBpfFs : IDisposable
{
    public TemporaryBpfFs()
    {
        Privileges.RequireRoot();
        Mount = Directory.CreateTempSubdirectory("tbpf-bpffs-").FullName;
        Run.Command("mount", "-t", "bpf", "-o", "mode=0700", "bpf", Mount).EnsureSuccess();
    }

    /// <summary>Where it is mounted.</summary>
    public string Mount { get; }

    public void Dispose()
    {
        // Lazily: a process that is still being reaped may hold it a moment longer.
        Run.Command("umount", "-l", Mount);
        Directory.Delete(Mount);
    }
}
