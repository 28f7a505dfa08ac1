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

    /// <summary>The pin layout, shared with the trait registry so that one lock covers a load from its keys to its record.</summary>
    internal PinLayout Layout => _layout;

    /// <summary>
    /// Takes the pin root's lock until disposal, and cleans up after dead processes first (so that their
    /// write-ahead records do not count as attachments); attaches made meanwhile by this process share it.
    /// </summary>
    internal IDisposable Lock()
    {
        var rootLock = _layout.LockRoot(create: true);
        try
        {
            SweepStaleWork();
            return rootLock;
        }
        catch
        {
            rootLock.Dispose();
            throw;
        }
    }

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
        var rootLock = _layout.JoinLock(create: true);
        try
        {
            SweepStaleWork();
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
        var here = NamespaceIdentity.Current();
        var recorded = _catalog.All().Select(record => Seen(record.Name,
            () => new AttachmentStatus(record, AttachmentInspector.State(record, _layout, here),
                _layout.Shown(record.Name), AttachmentInspector.Pins(_layout.Directory(record.Name)), AttachmentInspector.CurrentInterface(record, here),
                AttachmentInspector.Dispatcher(record, here), AttachmentInspector.TcxOrder(record, here))));
        var interrupted = StaleWorkSweeper.Interrupted(_layout, _logger).Select(w => Seen(w.Entry,
            () => new AttachmentStatus(w.Intent, AttachmentState.Interrupted,
                _layout.Shown(w.Entry), AttachmentInspector.Pins(_layout.Entry(w.Entry)), AttachmentInspector.CurrentInterface(w.Intent, here))));
        return [.. recorded.OfType<AttachmentStatus>(), .. interrupted.OfType<AttachmentStatus>()];
    }

    /// <summary>Whether one of traitsbpf's attachments records program <paramref name="programId"/>: a program traitsbpf attached is not another tool's.</summary>
    internal bool Records(uint programId)
    {
        using var root = _layout.OpenRoot();
        return root is not null && _catalog.All().Any(r => r.ProgramId == programId);
    }

    private void SweepStaleWork()
    {
        foreach (var line in StaleWorkSweeper.Sweep(_layout, _logger))
            _logger.LogWarning("{Line}", line);
    }

    // list takes no lock, so a detach may remove an entry between reading its record and its pins:
    // such an entry is left out (it is gone), and any other failure is still reported.
    private AttachmentStatus? Seen(string entry, Func<AttachmentStatus> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is LoaderException or IOException && !Directory.Exists(_layout.Entry(entry)))
        {
            _logger.LogDebug("{Entry} went away while it was listed: {Message}", entry, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Detaches and unpins what traitsbpf attached to <paramref name="iface"/> or to the cgroup v2 directory
    /// <paramref name="cgroup"/> (all of it, or only the attachment named <paramref name="name"/>). Attachments on
    /// interfaces of other network namespaces are untouched.
    /// </summary>
    /// <returns>What was removed, and what had become of each program before.</returns>
    /// <exception cref="LoaderException">Nothing matched (<see cref="LoaderErrorKind.NotAttached"/>), or removal failed.</exception>
    public IReadOnlyList<DetachOutcome> Detach(string? iface, string? name, string? cgroup = null)
    {
        if (iface is null && name is null && cgroup is null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "say what to detach: an interface, a cgroup, an attachment name, or a name with one of them");
        var cgroupPath = cgroup is null ? null : CgroupHooks.Canonical(cgroup);
        Capabilities.Require("detaching a program", bpf: true, netAdmin: true);
        using var rootLock = _layout.LockExisting() ?? throw NothingAttached(iface, name, cgroupPath);
        SweepStaleWork();
        var here = NamespaceIdentity.Current();
        var matches = _catalog.All().Where(r => (name is null || r.Name == name) && (iface is null || OnInterface(r, iface, here))
            && (cgroupPath is null || (r.Hook == AttachHook.Cgroup && r.Interface == cgroupPath))).ToList();
        if (matches.Count == 0)
            throw NothingAttached(iface, name, cgroupPath);

        var remover = new AttachmentRemover(_catalog, _logger);
        // The records were read before any removal, so a record whose attachment inherits the
        // qdisc from one removed earlier would still say it does not own it; removing the
        // qdisc's owners last means the others on its interface are already gone by then.
        return matches.OrderBy(r => r.OwnsQdisc).Select(r => remover.Remove(r, here)).ToList();
    }

    /// <summary>
    /// Reconciles the records and pins with the kernel: undoes what killed traitsbpf processes left
    /// half-done (from their write-ahead records), and removes the records and pins of attachments whose
    /// program the kernel no longer runs where they say (interface or namespace gone, hook taken over).
    /// Only what is provably traitsbpf's is touched: a kernel attachment only when it runs the program a
    /// record names, a directory only when it holds a readable record.
    /// </summary>
    public RepairReport Repair()
    {
        Capabilities.Require("repairing attachments", bpf: true, netAdmin: true);
        using var rootLock = _layout.LockExisting();
        if (rootLock is null)
            return new RepairReport([], 0);
        var actions = StaleWorkSweeper.Sweep(_layout, _logger).ToList();
        var here = NamespaceIdentity.Current();
        var remover = new AttachmentRemover(_catalog, _logger);
        var active = 0;
        foreach (var name in _layout.Names())
        {
            AttachmentRecord? record;
            try
            {
                record = _catalog.Find(name);
            }
            catch (LoaderException e) when (e.Kind != LoaderErrorKind.UnsafePinRoot)
            {
                actions.Add($"leaving {_layout.Shown(name)} alone: {e.Message}");
                continue;
            }
            if (record is null)
            {
                actions.Add($"leaving {_layout.Shown(name)} alone: it has no attachment record, so nothing shows it is traitsbpf's");
                continue;
            }
            switch (AttachmentInspector.State(record, _layout, here))
            {
                case AttachmentState.Active:
                    active++;
                    break;
                case AttachmentState.OtherNamespace:
                    actions.Add($"leaving '{record.Name}' alone: it is in network namespace {record.NetworkNamespace}; run repair inside it to check it");
                    break;
                default:
                    actions.Add(remover.Remove(record, here).Describe());
                    break;
            }
        }
        return new RepairReport(actions, active);
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

    // An interface is named by its name now; a name no interface has any more still finds the
    // attachments made under it (renamed or deleted interfaces), which are then removed by index.
    private static bool OnInterface(AttachmentRecord record, string iface, NamespaceIdentity here)
    {
        if (!here.Is(record.NetworkNamespace, record.NetworkNamespaceCookie))
            return false;
        return NetworkInterfaces.TryIndexOf(iface) is { } index ? record.InterfaceIndex == index : record.Interface == iface;
    }

    private static LoaderException NothingAttached(string? iface, string? name, string? cgroup = null)
    {
        if (iface is not null && NetworkInterfaces.TryIndexOf(iface) is null && name is null)
            return new LoaderException(LoaderErrorKind.InterfaceNotFound, $"network interface '{iface}' does not exist in this network namespace");
        var where = iface ?? (cgroup is null ? null : $"cgroup {cgroup}");
        return new LoaderException(LoaderErrorKind.NotAttached, name is null
            ? $"traitsbpf has nothing attached to {where}"
            : where is null ? $"traitsbpf has no attachment named '{name}'" : $"traitsbpf has no attachment named '{name}' on {where}");
    }
}
