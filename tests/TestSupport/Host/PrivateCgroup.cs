namespace TraitsBpf.TestSupport.Host;

/// <summary>
/// A cgroup of the test's own in a cgroup v2 hierarchy mounted on a temporary directory (the host's /sys/fs/cgroup
/// may be cgroup v1). traitsbpf runs see the mount, since their mount namespaces are copies of the test's. Disposing
/// removes the cgroup (the kernel detaches whatever was still attached to it) and unmounts the hierarchy.
/// </summary>
public sealed class PrivateCgroup : IDisposable
{
    public PrivateCgroup()
    {
        Privileges.RequireRoot();
        Mount = Directory.CreateTempSubdirectory("tbpf-cgroup2-").FullName;
        try
        {
            Run.Command("mount", "-t", "cgroup2", "none", Mount).EnsureSuccess();
            Path = Directory.CreateDirectory(System.IO.Path.Combine(Mount, UniqueName.Next())).FullName;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Where the cgroup v2 hierarchy is mounted.</summary>
    public string Mount { get; }

    /// <summary>The test's cgroup: a directory of the hierarchy.</summary>
    public string Path { get; } = "";

    /// <summary>The file a process writes its pid to, to move into the cgroup.</summary>
    public string Procs => System.IO.Path.Combine(Path, "cgroup.procs");

    public void Dispose()
    {
        if (Path.Length > 0 && Directory.Exists(Path))
            Directory.Delete(Path);
        Run.Command("umount", "-l", Mount);
        Directory.Delete(Mount);
    }
}
