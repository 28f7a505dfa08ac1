namespace TraitsBpf.Loader.Pins;

/// <summary>
/// Checks a directory given for the pins of maps declared <c>pinning = LIBBPF_PIN_BY_NAME</c>: those pins are
/// the user's, shared between separate loads, so they must live on bpffs and outside traitsbpf's own pin root,
/// where every entry is an attachment that <c>detach</c> and <c>repair</c> may remove.
/// </summary>
internal static class MapPinRoots
{
    /// <summary>The directory as an absolute path, or a <see cref="LoaderException"/> saying why it cannot hold the pins.</summary>
    public static string Check(string directory, string traitsbpfRoot)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(traitsbpfRoot));
        if (full == root || full.StartsWith(root + "/", StringComparison.Ordinal))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"--pin-root {directory} is inside traitsbpf's pin root {root}, whose entries are attachments traitsbpf removes; pin [Pinned] maps elsewhere on bpffs, e.g. {BpfFileSystem.MountPoint}");
        if (!Directory.Exists(full) || !BpfFileSystem.IsOnBpfFs(full))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"--pin-root {directory} is not a directory on the BPF filesystem (bpffs), where libbpf pins maps; create it under {BpfFileSystem.MountPoint} first");
        return full;
    }
}
