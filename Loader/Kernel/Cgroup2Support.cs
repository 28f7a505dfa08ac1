namespace TraitsBpf.Loader.Kernel;

/// <summary>Whether the kernel has cgroup v2, which cgroup socket-address programs attach to, and where this mount namespace mounts it.</summary>
public static class Cgroup2Support
{
    /// <summary>True when the kernel offers the cgroup2 filesystem (/proc/filesystems).</summary>
    public static bool IsSupported =>
        File.Exists("/proc/filesystems")
        && File.ReadLines("/proc/filesystems").Any(l => l.Split('\t', StringSplitOptions.TrimEntries).LastOrDefault() == "cgroup2");

    /// <summary>Where cgroup2 is mounted in this mount namespace (/proc/self/mountinfo), first mount first; empty when nowhere.</summary>
    public static IReadOnlyList<string> MountPoints()
    {
        if (!File.Exists("/proc/self/mountinfo"))
            return [];
        // "36 25 0:30 / /sys/fs/cgroup rw,... shared:9 - cgroup2 cgroup2 rw": the mount point is field 5, the type follows " - ".
        return File.ReadLines("/proc/self/mountinfo")
            .Select(l => (Fields: l.Split(' '), Type: l.Split(" - ", 2) is [_, var rest] ? rest.Split(' ')[0] : ""))
            .Where(m => m.Type == "cgroup2" && m.Fields.Length > 4)
            .Select(m => m.Fields[4].Replace("\\040", " ", StringComparison.Ordinal))
            .ToList();
    }
}
