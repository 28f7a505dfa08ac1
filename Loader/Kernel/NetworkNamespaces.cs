using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;

namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// Network namespaces by identity. An inode names a namespace only while it lives (a new
/// namespace may get a dead one's inode), so records also keep the namespace's cookie,
/// which the kernel never hands out twice.
/// </summary>
internal static class NetworkNamespaces
{
    // SOL_SOCKET / SO_NETNS_COOKIE (Linux 5.14+).
    private const int SolSocket = 1;
    private const int SoNetnsCookie = 71;

    /// <summary>The inode of this process's network namespace.</summary>
    public static ulong CurrentInode => NetworkInterfaces.CurrentNamespace();

    /// <summary>The cookie of this process's network namespace, or 0 when the kernel cannot tell it (before 5.14).</summary>
    public static ulong CurrentCookie()
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            Span<byte> value = stackalloc byte[8];
            return socket.GetRawSocketOption(SolSocket, SoNetnsCookie, value) == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(value) : 0;
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    /// <summary>
    /// True when a record made in namespace (<paramref name="inode"/>, <paramref name="cookie"/>) belongs to this
    /// process's namespace. A record without a cookie (older versions) is matched by inode alone.
    /// </summary>
    public static bool IsCurrent(ulong inode, ulong cookie, ulong currentInode, ulong currentCookie) =>
        inode == currentInode && (cookie == 0 || currentCookie == 0 || cookie == currentCookie);

    /// <summary>
    /// A path through which namespace <paramref name="inode"/> can be entered (a bind mount such as
    /// /run/netns/NAME, or a process's /proc/PID/ns/net), or null when nothing on the host holds it
    /// any more: no mount, no process or thread in it, no open descriptor of it. A namespace nothing holds
    /// has been destroyed, and its interfaces (and what was attached to them) with it.
    /// </summary>
    public static string? Holder(ulong inode)
    {
        var name = $"net:[{inode.ToString(CultureInfo.InvariantCulture)}]";
        return MountedAt(name) ?? HeldByProcess(name);
    }

    private static string? MountedAt(string name)
    {
        // mountinfo: "ID PARENT MAJ:MIN ROOT MOUNTPOINT ..."; a namespace bind mount has ROOT "net:[INODE]".
        foreach (var line in ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && fields[3] == name)
                return fields[4].Replace("\\040", " ", StringComparison.Ordinal);
        }
        return null;
    }

    private static string? HeldByProcess(string name)
    {
        foreach (var process in Numbered("/proc"))
        {
            if (LinkTarget($"{process}/ns/net") == name)
                return $"{process}/ns/net";
            foreach (var task in Numbered($"{process}/task"))
            {
                if (LinkTarget($"{task}/ns/net") == name)
                    return $"{task}/ns/net";
            }
            foreach (var fd in Numbered($"{process}/fd"))
            {
                if (LinkTarget(fd) == name)
                    return fd;
            }
        }
        return null;
    }

    private static IEnumerable<string> Numbered(string directory)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        return entries.Where(p => Path.GetFileName(p).All(char.IsAsciiDigit));
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process or descriptor went away while we looked: it holds nothing now.
            return null;
        }
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
