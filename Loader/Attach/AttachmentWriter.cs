using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Attach.Kinds;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Attaches one loaded program and pins it, in three steps the caller runs in order:
/// <see cref="Attach"/>, <see cref="Pin"/>, <see cref="Record"/>. The pins are built in a hidden
/// staging directory and renamed into place last; every step registers its undo, so unless
/// <see cref="Record"/> completes, disposing leaves neither an attachment nor a pin behind.
/// Created by <see cref="Attachments.BeginAttach"/>, which holds the pin root's lock until disposal.
/// </summary>
internal sealed class AttachmentWriter : IDisposable
{
    private readonly AttachmentCatalog _catalog;
    private readonly ILogger _logger;
    private readonly IDisposable _rootLock;
    private readonly Rollback _rollback;
    private readonly BpfObject _obj;
    private readonly BpfProgram _program;
    private readonly AttachTarget _target;
    private readonly AttachOptions _options;
    private readonly string _name;
    private readonly int _ifindex;
    private readonly NamespaceIdentity _netns;
    private readonly uint _programId;
    private readonly AttachmentRecord? _existing;
    private readonly IAttachKind _kind;
    private readonly string _staging;
    private readonly AttachJournal _journal;
    private KernelAttachment? _attached;

    /// <summary>Checks that <paramref name="program"/> can be attached at <paramref name="target"/> and prepares the staging directory.</summary>
    public AttachmentWriter(AttachmentCatalog catalog, KernelFeatures features, ILogger logger, IDisposable rootLock,
        BpfObject obj, BpfProgram program, AttachTarget target, AttachOptions options)
    {
        _catalog = catalog;
        _logger = logger;
        _rootLock = rootLock;
        _rollback = new Rollback(logger);
        _obj = obj;
        _program = program;
        _target = target;
        _options = options;
        try
        {
            CheckProgramType(program, target);
            // A tracing program's or a cgroup's hook is host-wide: no interface, and named after the program by default.
            _ifindex = target.IsHostWide ? 0 : NetworkInterfaces.IndexOf(target.Interface);
            _name = options.Name ?? (target.IsHostWide ? AttachmentName.ForProgram(program.Name, target.HookName) : AttachmentName.Default(target));
            AttachmentName.Validate(_name);
            if (!obj.IsLoaded)
                throw new InvalidOperationException($"object '{obj.Name}' must be loaded before its program can be attached");

            _netns = NamespaceIdentity.Current();
            _programId = program.Info().Id;
            _existing = catalog.Find(_name);
            _kind = _existing is not null ? AttachKinds.Of(_existing.Method) : AttachKinds.For(target.Hook, features, program.JoinsDispatcher);
            if (target.TcxPlacement is { } placement)
                _target = target = target with { TcxPlacement = Anchor(placement, _existing, catalog, target, _ifindex, _netns) };
            if (_existing is not null)
                CheckReplaceable(_existing, _name, target, _ifindex, _netns, options.Replace);
            else if (_kind.Exclusive)
                CheckHookFree();

            _staging = Layout.Staging(_name);
            PinLayout.Remove(_staging);
            BpfFileSystem.CreatePrivateDirectory(_staging);
            var staging = _staging;
            _rollback.Add($"remove {staging}", () => PinLayout.Remove(staging));

            // Written ahead of the kernel attach: a process killed from here on leaves a staging
            // directory that says what it was doing, so the next command can undo exactly that.
            _journal = AttachJournal.Begin(Path.Combine(_staging, PinLayout.MetadataPin), RecordOf(null));
            Loading.FaultPoint.Reached(Loading.FaultPoint.Intent);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private PinLayout Layout => _catalog.Layout;

    /// <summary>Attaches the program, or swaps it into the existing attachment of the same name.</summary>
    public void Attach()
    {
        _attached = _existing is null
            ? _kind.Attach(_program.Fd, _target, _ifindex, _rollback, _journal)
            : _kind.Replace(_existing, _program.Fd, Layout, _rollback);
        if (_existing is not null)
            _logger.LogInformation("replaced program {Old} on {Interface} atomically", _existing.ProgramId, _existing.Interface);
    }

    /// <summary>Pins the program, its object's maps and the link (if the kernel holds the attachment through one) in the staging directory.</summary>
    public void Pin()
    {
        var attached = _attached ?? throw new InvalidOperationException("pin runs after attach");
        PinnedDescriptor.Pin(_program.Fd, Path.Combine(_staging, PinLayout.ProgramPin), $"program '{_program.Name}'");
        var maps = Path.Combine(_staging, PinLayout.MapsDirectory);
        BpfFileSystem.CreatePrivateDirectory(maps);
        foreach (var map in _obj.Maps)
            PinnedDescriptor.Pin(map.Fd, Path.Combine(maps, PinLayout.MapPinName(map.Name)), $"map '{map.Name}'");
        if (attached.Link is { } link)
            PinnedDescriptor.Pin(link.Fd, Path.Combine(_staging, PinLayout.LinkPin), "the link");
    }

    /// <summary>Writes the attachment record and moves the pins into place; from here on the attachment stays.</summary>
    public AttachmentRecord Record()
    {
        var attached = _attached ?? throw new InvalidOperationException("record runs after attach");
        var record = RecordOf(attached);
        AttachmentMetadata.Update(Path.Combine(_staging, PinLayout.MetadataPin), record);

        var final = Layout.Directory(_name);
        if (_existing is not null)
        {
            var retired = Layout.Retired(_name);
            PinLayout.Remove(retired);
            Directory.Move(final, retired);
            _rollback.Add($"restore {final}", () => Directory.Move(retired, final));
            Directory.Move(_staging, final);
            _rollback.Commit();
            PinLayout.Remove(retired);
        }
        else
        {
            Directory.Move(_staging, final);
            _rollback.Commit();
        }
        _logger.LogInformation("attached {Program} to {Interface} ({Hook}) as '{Name}', pinned in {Directory}",
            _program.Name, _target.Interface, _target.HookName, _name, Layout.Shown(_name));
        return record;
    }

    // Before the attach (attached null) this is the write-ahead intent: the kind's method, and for a replace
    // the handle and priority in use and the program being replaced, so that a recovery can put it back.
    private AttachmentRecord RecordOf(KernelAttachment? attached) => new()
    {
        Name = _name,
        Interface = _target.Interface,
        InterfaceIndex = _ifindex,
        NetworkNamespace = _netns.Inode,
        NetworkNamespaceCookie = _netns.Cookie,
        Hook = _target.Hook,
        XdpMode = _target.Hook == AttachHook.Xdp ? _target.XdpMode : null,
        XdpPriority = _kind.Method == AttachMethod.XdpDispatcher ? _target.XdpPriority ?? XdpDispatcher.DefaultPriority : null,
        Method = attached?.Method ?? _kind.Method,
        TcHandle = attached?.Handle ?? _existing?.TcHandle ?? 0,
        TcPriority = attached?.Priority ?? _existing?.TcPriority ?? 0,
        OwnsQdisc = attached?.OwnsQdisc ?? _existing?.OwnsQdisc ?? false,
        LinkId = attached?.Link is { } link ? BpfLinks.Info(link.Fd, "the link").id : _existing?.LinkId ?? 0,
        CgroupHook = _target.CgroupHook,
        CgroupId = _target.IsCgroup && attached?.Link is { } cgroupLink ? BpfLinks.Info(cgroupLink.Fd, "the cgroup link").CgroupId : _existing?.CgroupId ?? 0,
        Program = _program.Name,
        ProgramId = _programId,
        ReplacesProgramId = _existing?.ProgramId ?? 0,
        WriterStartTime = Processes.CurrentStartTime,
        Source = _options.Source,
        Maps = _obj.Maps.Select(m => PinLayout.MapPinName(m.Name)).ToList(),
        AttachedAt = DateTimeOffset.UtcNow,
        Traits = _options.Traits,
    };

    /// <summary>Undoes every step unless <see cref="Record"/> completed, then releases the pin root's lock.</summary>
    public void Dispose()
    {
        _rollback.Dispose();
        _rootLock.Dispose();
    }

    private static void CheckProgramType(BpfProgram program, AttachTarget target)
    {
        if (XdpMapSlots.AttachRefusal(program) is { } refusal)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, refusal);
        if (!target.Accepts(program.Type))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, program.Type == BpfProgramType.Xdp
                ? $"program '{program.Name}' is an XDP program; attach it without --tc"
                : $"program '{program.Name}' is a {program.Type} program, which cannot be attached at {target.HookName}");
    }

    private static void CheckReplaceable(AttachmentRecord existing, string name, AttachTarget target, int ifindex, NamespaceIdentity netns, bool replace)
    {
        var where = $"{existing.Interface} ({AttachTarget.NameOf(existing)})";
        if (!replace)
            throw new LoaderException(LoaderErrorKind.AlreadyAttached,
                $"traitsbpf attachment '{name}' already exists on {where}; pass --replace to replace its program atomically");
        if (existing.InterfaceIndex != ifindex || existing.Hook != target.Hook || !netns.Is(existing.NetworkNamespace, existing.NetworkNamespaceCookie)
            || (target.IsCgroup && (existing.Interface != target.Interface || existing.CgroupHook != target.CgroupHook)))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"--replace swaps the program in place, but attachment '{name}' is on {where}, not {target.Interface} ({target.HookName})");
        if (existing.Hook == AttachHook.Xdp && existing.XdpMode != target.XdpMode)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"attachment '{name}' runs in {existing.XdpMode?.ToString().ToLowerInvariant()} XDP mode; --replace cannot change the mode, so detach first");
    }

    // --before/--after NAME may name a traitsbpf attachment on the same hook: it becomes its program's id. A replace keeps the place it has.
    private static TcxPlacement Anchor(TcxPlacement placement, AttachmentRecord? existing, AttachmentCatalog catalog, AttachTarget target, int ifindex, NamespaceIdentity netns)
    {
        if (existing is not null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{placement} places a new program; --replace swaps the program in place and keeps its position");
        if (catalog.Find(placement.Reference) is not { } anchor)
            return placement;
        if (anchor.Hook != target.Hook || anchor.InterfaceIndex != ifindex || !netns.Is(anchor.NetworkNamespace, anchor.NetworkNamespaceCookie))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"{placement}: traitsbpf attachment '{anchor.Name}' is on {anchor.Interface} ({AttachTarget.NameOf(anchor.Hook)}), not {target.Interface} ({target.HookName})");
        return placement with { Reference = anchor.ProgramId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    private void CheckHookFree()
    {
        var ours = _catalog.All().FirstOrDefault(r => r.Hook == _target.Hook && _netns.Is(r.NetworkNamespace, r.NetworkNamespaceCookie) && r.InterfaceIndex == _ifindex);
        if (ours is not null)
            throw new LoaderException(LoaderErrorKind.AlreadyAttached,
                $"interface {_target.Interface} already has traitsbpf's XDP attachment '{ours.Name}'; pass --name {ours.Name} --replace to replace its program atomically");
    }
}
