using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>Cgroup v2 directories as the cgroup helpers name them: by id (the directory's inode number), and opened for a cgroup array.</summary>
public static partial class CgroupDirectory
{
    private const int ReadOnlyDirectory = 0x10000 | 0x80000; // O_RDONLY | O_DIRECTORY | O_CLOEXEC

    /// <summary>The id of the cgroup at <paramref name="path"/>: its directory's inode number.</summary>
    public static ulong Id(string path) =>
        ulong.Parse(Tool.RunClean("stat", "-c", "%i", path).Output.Trim(), CultureInfo.InvariantCulture);

    /// <summary>The cgroup at <paramref name="path"/> below the hierarchy mounted at <paramref name="mount"/>, with every ancestor's id from the root.</summary>
    public static CgroupMembership Membership(string mount, string path)
    {
        var ids = new List<ulong> { Id(mount) };
        string current = mount;
        foreach (string part in Path.GetRelativePath(mount, path).Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."))
        {
            current = Path.Combine(current, part);
            ids.Add(Id(current));
        }

        return new CgroupMembership(ids);
    }

    /// <summary>This process's cgroup v2, as <c>/proc/self/cgroup</c> places it below the hierarchy mounted at <paramref name="mount"/>.</summary>
    public static CgroupMembership OfThisProcess(string mount)
    {
        string line = File.ReadAllLines("/proc/self/cgroup").Single(l => l.StartsWith("0::", StringComparison.Ordinal));
        return Membership(mount, Path.Combine(mount, line[3..].TrimStart('/')));
    }

    /// <summary>The directory opened read only, whose descriptor user space stores in a cgroup array.</summary>
    public static SafeFileHandle Open(string path)
    {
        int fd = open(path, ReadOnlyDirectory);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw new IOException($"open {path}: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);
}
