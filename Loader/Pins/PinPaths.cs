namespace TraitsBpf.Loader.Pins;

/// <summary>
/// Paths under the pin root are handed to the kernel as <c>/proc/self/fd/N/…</c>, through the
/// verified root's descriptor; messages show the path the user knows instead.
/// </summary>
internal static class PinPaths
{
    private const string ProcFd = "/proc/self/fd/";

    /// <summary>The path of a descriptor-relative path.</summary>
    public static string Through(int directoryFd, string relative) =>
        relative.Length == 0 ? $"{ProcFd}{directoryFd}" : $"{ProcFd}{directoryFd}/{relative}";

    /// <summary><paramref name="path"/> with a leading <c>/proc/self/fd/N</c> replaced by the directory that descriptor has open.</summary>
    public static string Shown(string path)
    {
        if (!path.StartsWith(ProcFd, StringComparison.Ordinal))
            return path;
        var end = path.IndexOf('/', ProcFd.Length);
        var descriptor = end < 0 ? path : path[..end];
        var target = new FileInfo(descriptor).LinkTarget;
        return target is null ? path : target + (end < 0 ? "" : path[end..]);
    }
}
