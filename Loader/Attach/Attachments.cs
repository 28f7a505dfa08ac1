using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Programs that traitsbpf attached to interfaces, pinned under
/// <c>/sys/fs/bpf/traitsbpf/&lt;name&gt;/</c> so that they outlive the process and later
/// processes can list, read and detach them. Changes are serialised across processes by
/// a lock on the pin root.
/// </summary>
public sealed class Attachments
{
    private readonly PinLayout _layout;
    private readonly ILogger _logger;
    private readonly AttachmentCatalog _catalog;
    private readonly KernelFeatures? _features;

    /// <summary>Attachments under the default root, /sys/fs/bpf/traitsbpf.</summary>
    public Attachments(ILogger? logger = null)
        : this(PinLayout.DefaultRoot, logger)
    {
    }

    /// <summary>Attachments under <paramref name="root"/>; <paramref name="features"/> overrides what the kernel is taken to support (tests use it to take the netlink path).</summary>
    internal Attachments(string root, ILogger? logger, KernelFeatures? features = null)
    {
        _features = features;
        _layout = new PinLayout(root);
        _logger = logger ?? NullLogger.Instance;
        _catalog = new AttachmentCatalog(_layout, _logger);
    }

    /// <summary>The directory that holds every attachment's pins.</summary>
    public string Root => _layout.Root;

    /// <summary>The name an attachment gets when none is given: <c>{interface}-{hook}</c>, e.g. <c>eth0-xdp</c>.</summary>
    public static string DefaultName(AttachTarget target) => AttachmentName.Default(target);

    /// <summary>
    /// Attaches <paramref name="program"/> of the loaded <paramref name="obj"/> at <paramref name="target"/> and
    /// pins the program, its object's maps and (for XDP) the link. With <see cref="AttachOptions.Replace"/>,
    /// an existing attachment of the same name has its program swapped atomically.
    /// </summary>
    /// <exception cref="LoaderException">The attach failed; nothing is left attached or pinned.</exception>
    public AttachmentRecord Attach(BpfObject obj, BpfProgram program, AttachTarget target, AttachOptions options)
    {
        using var writer = BeginAttach(obj, program, target, options);
        writer.Attach();
        writer.Pin();
        return writer.Record();
    }

    /// <summary>
    /// Takes the pin root's lock, sweeps up stale work and checks the attach, for a caller that runs
    /// the writer's attach, pin and record steps itself; disposing the writer undoes what did not complete.
    /// </summary>
    internal AttachmentWriter BeginAttach(BpfObject obj, BpfProgram program, AttachTarget target, AttachOptions options)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        Capabilities.Require("attaching a program", bpf: true, netAdmin: true);
        var rootLock = _layout.LockRoot(create: true);
        try
        {
            StaleWorkSweeper.Sweep(_layout, _logger);
        }
        catch
        {
            rootLock.Dispose();
            throw;
        }
        return new AttachmentWriter(_catalog, _features ?? KernelFeatures.Current, _logger, rootLock, obj, program, target, options);
    }

    /// <summary>Every traitsbpf attachment on the host, with its live state and pins.</summary>
    public IReadOnlyList<AttachmentStatus> List()
    {
        Capabilities.Require("listing attachments", bpf: true, netAdmin: false);
        using var root = _layout.OpenRoot();
        if (root is null)
            return [];
        var netns = NetworkInterfaces.CurrentNamespace();
        return _catalog.All()
            .Select(record => new AttachmentStatus(record, AttachmentInspector.State(record, _layout, netns),
                _layout.Shown(record.Name), AttachmentInspector.Pins(_layout.Directory(record.Name))))
            .ToList();
    }

    /// <summary>
    /// Detaches and unpins what traitsbpf attached to <paramref name="iface"/> (all of it, or only the attachment
    /// named <paramref name="name"/>). Attachments in other network namespaces are untouched.
    /// </summary>
    /// <returns>The records of what was removed.</returns>
    /// <exception cref="LoaderException">Nothing matched (<see cref="LoaderErrorKind.NotAttached"/>), or removal failed.</exception>
    public IReadOnlyList<AttachmentRecord> Detach(string? iface, string? name)
    {
        if (iface is null && name is null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "say what to detach: an interface, an attachment name, or both");
        Capabilities.Require("detaching a program", bpf: true, netAdmin: true);
        // Opened, not merely looked for: a root this process may not read must not pass for none.
        using (var probe = _layout.OpenRoot())
        {
            if (probe is null)
                throw NothingAttached(iface, name);
        }

        using var _ = _layout.LockRoot(create: false);
        StaleWorkSweeper.Sweep(_layout, _logger);
        var netns = NetworkInterfaces.CurrentNamespace();
        var matches = _catalog.All().Where(r => (name is null || r.Name == name) && (iface is null || r.Interface == iface)).ToList();
        var elsewhere = matches.Where(r => r.NetworkNamespace != netns).ToList();
        matches.RemoveAll(r => r.NetworkNamespace != netns);
        if (matches.Count == 0)
        {
            if (name is not null && elsewhere.Count > 0)
                throw new LoaderException(LoaderErrorKind.NotAttached,
                    $"attachment '{name}' belongs to another network namespace (inode {elsewhere[0].NetworkNamespace}); run detach inside it");
            throw NothingAttached(iface, name);
        }

        var remover = new AttachmentRemover(_catalog, _logger);
        // The records were read before any removal, so a record whose attachment inherits the
        // qdisc from one removed earlier would still say it does not own it; removing the
        // qdisc's owners last means the others on its interface are already gone by then.
        foreach (var record in matches.OrderBy(r => r.OwnsQdisc))
            remover.Remove(record);
        return matches;
    }

    /// <summary>Opens the pinned maps of attachment <paramref name="name"/>; the caller disposes them.</summary>
    public IReadOnlyList<PinnedMap> OpenMaps(string name)
    {
        Capabilities.Require("reading maps", bpf: true, netAdmin: false);
        using var root = _layout.OpenRoot();
        var record = (root is null ? null : _catalog.Find(name))
            ?? throw new LoaderException(LoaderErrorKind.NotAttached, $"traitsbpf has no attachment named '{name}'");
        var maps = new List<PinnedMap>();
        try
        {
            foreach (var map in record.Maps)
                maps.Add(PinnedMap.Open(_layout.Map(name, map)));
            return maps;
        }
        catch
        {
            maps.ForEach(m => m.Dispose());
            throw;
        }
    }

    private static LoaderException NothingAttached(string? iface, string? name)
    {
        if (iface is not null && NetworkInterfaces.TryIndexOf(iface) is null && name is null)
            return new LoaderException(LoaderErrorKind.InterfaceNotFound, $"network interface '{iface}' does not exist in this network namespace");
        return new LoaderException(LoaderErrorKind.NotAttached, name is null
            ? $"traitsbpf has nothing attached to {iface}"
            : iface is null ? $"traitsbpf has no attachment named '{name}'" : $"traitsbpf has no attachment named '{name}' on {iface}");
    }
}
