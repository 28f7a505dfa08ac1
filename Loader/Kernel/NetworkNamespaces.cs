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

    /// <summary>The inode of the calling thread's network namespace, which identifies it host-wide.</summary>
    public static ulong CurrentInode()
    {
        // The thread's, not the process's (/proc/self is the main thread's): interface names and indexes
        // resolve in the namespace of the thread that asks, which setns(2) may have moved.
        const string path = "/proc/thread-self/ns/net";
        return Inode(new FileInfo(path).LinkTarget)
            ?? throw new LoaderException(LoaderErrorKind.Failed, $"cannot read {path} to identify the network namespace");
    }

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
    /// Every network namespace something on the host holds, by inode, with a path through which it can be
    /// entered: a bind mount such as /run/netns/NAME (preferred), a process's or thread's /proc/PID/ns/net,
    /// or an open descriptor of it. A namespace missing here has been destroyed, and its interfaces (and what
    /// was attached to them) with it. One pass over /proc: take it once per command, not once per record.
    /// </summary>
    public static IReadOnlyDictionary<ulong, string> Holders()
    {
        var holders = new Dictionary<ulong, string>();
        // mountinfo: "ID PARENT MAJ:MIN ROOT MOUNTPOINT ..."; a namespace bind mount has ROOT "net:[INODE]".
        foreach (var line in ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && Inode(fields[3]) is { } inode)
                holders.TryAdd(inode, fields[4].Replace("\\040", " ", StringComparison.Ordinal));
        }
        foreach (var process in Numbered("/proc"))
        {
            var paths = Numbered($"{process}/task").Select(task => $"{task}/ns/net").Prepend($"{process}/ns/net").Concat(Numbered($"{process}/fd"));
            foreach (var path in paths)
            {
                if (Inode(LinkTarget(path)) is { } inode)
                    holders.TryAdd(inode, path);
            }
        }
        return holders;
    }

    // "net:[4026531840]" names a network namespace by inode.
    private static ulong? Inode(string? name) =>
        name is not null && name.StartsWith("net:[", StringComparison.Ordinal) && name.EndsWith(']')
            && ulong.TryParse(name.AsSpan(5, name.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            ? inode : null;

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
