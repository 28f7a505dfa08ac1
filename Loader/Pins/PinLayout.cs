using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Pins;

/// <summary>
/// Where traitsbpf pins things:
/// <c>/sys/fs/bpf/traitsbpf/&lt;name&gt;/{program, link, attachment, maps/&lt;map&gt;}</c>.
/// Directories are 0700 and pins 0600. bpffs refuses '.' anywhere in a name.
/// Paths under the root are only handed out while the root is open (<see cref="LockRoot"/>,
/// <see cref="OpenRoot"/>): they lead through the checked root's descriptor, and each
/// name on the way is checked not to be a symbolic link nor another user's.
/// </summary>
internal sealed class PinLayout(string root)
{
    /// <summary>The default root, under the system's BPF filesystem.</summary>
    public const string DefaultRoot = BpfFileSystem.MountPoint + "/traitsbpf";

    public const string ProgramPin = "program";
    public const string LinkPin = "link";
    public const string MetadataPin = "attachment";
    public const string MapsDirectory = "maps";

    private PinRoot? _open;
    private bool _locked;

    /// <summary>The root's path as the user knows it.</summary>
    public string Root { get; } = root;

    private PinRoot Open => _open ?? throw new InvalidOperationException($"the pin root {Root} is used before it was opened");

    /// <summary>Attachment <paramref name="name"/>'s directory, through the open root.</summary>
    public string Directory(string name) => Open.Resolve(name);

    /// <summary>Attachment <paramref name="name"/>'s directory as the user knows it, for messages.</summary>
    public string Shown(string name) => Path.Combine(Root, name);

    /// <summary>An entry under the root (such as the trait registry, or a pin in a working directory), through the open root.</summary>
    public string Entry(params string[] components) => Open.Resolve(components);

    /// <summary>Where attachment <paramref name="name"/>'s record is pinned.</summary>
    public string Metadata(string name) => Open.Resolve(name, MetadataPin);

    /// <summary>Where attachment <paramref name="name"/>'s map pinned as <paramref name="pinName"/> is.</summary>
    public string Map(string name, string pinName) => Open.Resolve(name, MapsDirectory, pinName);

    /// <summary>Opens attachment <paramref name="name"/>'s pinned link (XDP or tcx).</summary>
    public FileDescriptorHandle OpenLink(string name) =>
        PinnedDescriptor.Open(Open.Resolve(name, LinkPin), $"the link of '{name}'");

    /// <summary>Opens attachment <paramref name="name"/>'s pinned program.</summary>
    public FileDescriptorHandle OpenProgram(string name) =>
        PinnedDescriptor.Open(Open.Resolve(name, ProgramPin), $"the program of '{name}'");

    /// <summary>Names starting with this are traitsbpf's own working directories, never attachments.</summary>
    public const char ReservedPrefix = '_';

    /// <summary>How a staging directory's name starts (it goes on with the attachment's name and the process id).</summary>
    public const string StagingPrefix = "_staging-";

    /// <summary>How a retired directory's name starts (it goes on with the attachment's name and the process id).</summary>
    public const string RetiredPrefix = "_retired-";

    /// <summary>How the name of a directory being removed starts (it goes on with the attachment's name and the process id).</summary>
    public const string RemovingPrefix = "_removing-";

    /// <summary>Where a detached attachment's pins go to be removed, so that no reader sees them half removed under its name.</summary>
    public string Removing(string name) => Open.Resolve($"{RemovingPrefix}{name}-{Environment.ProcessId}");

    /// <summary>A directory that is built up completely before it is renamed into place.</summary>
    public string Staging(string name) => Open.Resolve($"{StagingPrefix}{name}-{Environment.ProcessId}");

    /// <summary>Where a replaced attachment's pins wait to be removed once the new ones are in place.</summary>
    public string Retired(string name) => Open.Resolve($"{RetiredPrefix}{name}-{Environment.ProcessId}");

    /// <summary>
    /// Names of the attachment directories (staging and retired ones excluded). Symbolic links are
    /// listed too, so that reading them is refused with a message instead of passing in silence.
    /// </summary>
    public IEnumerable<string> Names() =>
        Open.EntryNames().Where(n => !n.StartsWith(ReservedPrefix) && Open.MayBeDirectory(n)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The names of every entry directly under the root, working directories included.</summary>
    public IEnumerable<string> EntryNames() => Open.EntryNames();

    /// <summary>Why the entry <paramref name="name"/> directly under the root must not be used, or null when it may.</summary>
    public string? Unsafety(string name) => Open.Unsafety(name);

    /// <summary>
    /// Opens and checks the root and takes the lock on it that serialises every traitsbpf process
    /// changing pins under it, mounting bpffs first if need be and, with <paramref name="create"/>,
    /// creating the root 0700; paths under the root are handed out until the result is disposed.
    /// </summary>
    /// <exception cref="LoaderException">
    /// <see cref="LoaderErrorKind.UnsafePinRoot"/> when the root is not ours alone;
    /// <see cref="LoaderErrorKind.NotAttached"/> when it does not exist and <paramref name="create"/> is false.
    /// </exception>
    public IDisposable LockRoot(bool create)
    {
        if (_open is not null)
            throw new InvalidOperationException($"the pin root {Root} is open already; locking it again would wait for ourselves");
        BpfFileSystem.EnsureMounted();
        var opened = PinRoot.Open(Root, create, exclusive: true)
            ?? throw new LoaderException(LoaderErrorKind.NotAttached, $"traitsbpf has nothing pinned: {Root} does not exist");
        _locked = true;
        return Bind(opened);
    }

    /// <summary>
    /// Takes the lock on an existing root, or returns null when there is none. The root is opened
    /// first, not merely looked for, so that a root this process may not read fails instead of
    /// passing for no root.
    /// </summary>
    public IDisposable? LockExisting()
    {
        using (var probe = OpenRoot())
        {
            if (probe is null)
                return null;
        }
        return LockRoot(create: false);
    }

    /// <summary>
    /// <see cref="LockRoot"/>, or, when this layout holds the lock already (a load keeps it from the
    /// trait registry to the attachment record), a share of it that releases nothing.
    /// </summary>
    public IDisposable JoinLock(bool create) => _locked ? new Binding(this, null) : LockRoot(create);

    /// <summary>
    /// Opens and checks the root for reading, without the lock (or reuses the open one); null when
    /// there is no root. Paths under the root are handed out until the result is disposed.
    /// </summary>
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.UnsafePinRoot"/> when the root is not ours alone.</exception>
    public IDisposable? OpenRoot()
    {
        if (_open is not null)
            return new Binding(this, null);
        return PinRoot.Open(Root, create: false, exclusive: false) is { } opened ? Bind(opened) : null;
    }

    /// <summary>
    /// A map's pin file name: bpffs rejects '.' in names (it reserves them), so libbpf's
    /// internal map names such as <c>prog.rodata</c> are pinned as <c>prog_rodata</c>, as libbpf itself does.
    /// </summary>
    public static string MapPinName(string mapName) => mapName.Replace('.', '_');

    /// <summary>Unpins everything in <paramref name="directory"/> and removes it, never following a link; an absent directory is fine.</summary>
    public static void Remove(string directory) => PinTree.Remove(directory);

    private Binding Bind(PinRoot opened)
    {
        _open = opened;
        return new Binding(this, opened);
    }

    /// <summary>Closes the root it opened (none when it reused an open one) and stops handing out paths under it.</summary>
    private sealed class Binding(PinLayout layout, PinRoot? opened) : IDisposable
    {
        public void Dispose()
        {
            if (opened is null)
                return;
            layout._open = null;
            layout._locked = false;
            opened.Dispose();
        }
    }
}
