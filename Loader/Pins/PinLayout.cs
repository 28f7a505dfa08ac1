using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Pins;

/// <summary>
/// Where traitsbpf pins things:
/// <c>/sys/fs/bpf/traitsbpf/&lt;name&gt;/{program, link, attachment, maps/&lt;map&gt;}</c>.
/// Directories are 0700 and pins 0600. bpffs refuses '.' anywhere in a name.
/// </summary>
internal sealed class PinLayout(string root)
{
    /// <summary>The default root, under the system's BPF filesystem.</summary>
    public const string DefaultRoot = BpfFileSystem.MountPoint + "/traitsbpf";

    public const string ProgramPin = "program";
    public const string LinkPin = "link";
    public const string MetadataPin = "attachment";
    public const string MapsDirectory = "maps";

    public string Root { get; } = root;

    public string Directory(string name) => Path.Combine(Root, name);

    /// <summary>Where attachment <paramref name="name"/>'s record is pinned.</summary>
    public string Metadata(string name) => Path.Combine(Directory(name), MetadataPin);

    /// <summary>Opens attachment <paramref name="name"/>'s pinned XDP link.</summary>
    public FileDescriptorHandle OpenLink(string name) =>
        PinnedDescriptor.Open(Path.Combine(Directory(name), LinkPin), $"the XDP link of '{name}'");

    /// <summary>Opens attachment <paramref name="name"/>'s pinned program.</summary>
    public FileDescriptorHandle OpenProgram(string name) =>
        PinnedDescriptor.Open(Path.Combine(Directory(name), ProgramPin), $"the program of '{name}'");

    /// <summary>Names starting with this are traitsbpf's own working directories, never attachments.</summary>
    public const char ReservedPrefix = '_';

    /// <summary>How a staging directory's name starts (it goes on with the attachment's name and the process id).</summary>
    public const string StagingPrefix = "_staging-";

    /// <summary>How a retired directory's name starts (it goes on with the attachment's name and the process id).</summary>
    public const string RetiredPrefix = "_retired-";

    /// <summary>A directory that is built up completely before it is renamed into place.</summary>
    public string Staging(string name) => Path.Combine(Root, $"{StagingPrefix}{name}-{Environment.ProcessId}");

    /// <summary>Where a replaced attachment's pins wait to be removed once the new ones are in place.</summary>
    public string Retired(string name) => Path.Combine(Root, $"{RetiredPrefix}{name}-{Environment.ProcessId}");

    /// <summary>Names of the attachment directories (staging and retired ones excluded).</summary>
    public IEnumerable<string> Names() =>
        System.IO.Directory.Exists(Root)
            ? System.IO.Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith(ReservedPrefix)).Order(StringComparer.Ordinal)
            : [];

    /// <summary>
    /// Takes the lock on the root that serialises every traitsbpf process changing pins under it,
    /// mounting bpffs first if need be and, with <paramref name="create"/>, creating the root.
    /// </summary>
    public DirectoryLock LockRoot(bool create)
    {
        BpfFileSystem.EnsureMounted();
        if (create)
            BpfFileSystem.CreatePrivateDirectory(Root);
        return DirectoryLock.Acquire(Root);
    }

    /// <summary>
    /// A map's pin file name: bpffs rejects '.' in names (it reserves them), so libbpf's
    /// internal map names such as <c>prog.rodata</c> are pinned as <c>prog_rodata</c>, as libbpf itself does.
    /// </summary>
    public static string MapPinName(string mapName) => mapName.Replace('.', '_');

    /// <summary>Unpins everything in <paramref name="directory"/> and removes it; an absent directory is fine.</summary>
    public static void Remove(string directory)
    {
        if (System.IO.Directory.Exists(directory))
            System.IO.Directory.Delete(directory, recursive: true);
    }
}
