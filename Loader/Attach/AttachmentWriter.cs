using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Attaches a loaded program and pins it. Everything is built in a hidden staging
/// directory first and renamed into place last; every step registers its undo, so a
/// failure anywhere leaves neither an attachment nor a pin behind.
/// </summary>
internal sealed class AttachmentWriter(AttachmentCatalog catalog, KernelFeatures features, ILogger logger)
{
    private PinLayout Layout => catalog.Layout;

    public AttachmentRecord Attach(BpfObject obj, BpfProgram program, AttachTarget target, AttachOptions options)
    {
        CheckProgramType(program, target);
        var ifindex = NetworkInterfaces.IndexOf(target.Interface);
        var name = options.Name ?? AttachmentName.Default(target);
        AttachmentName.Validate(name);
        if (!obj.IsLoaded)
            throw new InvalidOperationException($"object '{obj.Name}' must be loaded before its program can be attached");

        var netns = NetworkInterfaces.CurrentNamespace();
        var existing = catalog.Find(name);
        if (existing is not null)
            CheckReplaceable(existing, name, target, netns, options.Replace);
        else if (target.Hook == AttachHook.Xdp)
            CheckXdpHookFree(target, ifindex, netns);

        var staging = Layout.Staging(name);
        PinLayout.Remove(staging);
        using var rollback = new Rollback(logger);
        BpfFileSystem.CreatePrivateDirectory(staging);
        rollback.Add($"remove {staging}", () => PinLayout.Remove(staging));

        PinObjects(obj, program, staging);
        var programId = program.Info().Id;
        var kernelState = existing is null
            ? AttachNew(program.Fd, target, ifindex, staging, rollback)
            : Replace(existing, program.Fd, ifindex, staging, rollback);

        var record = new AttachmentRecord
        {
            Name = name,
            Interface = target.Interface,
            InterfaceIndex = ifindex,
            NetworkNamespace = netns,
            Hook = target.Hook,
            XdpMode = target.Hook == AttachHook.Xdp ? target.XdpMode : null,
            Method = kernelState.Method,
            TcHandle = kernelState.Handle,
            TcPriority = kernelState.Priority,
            OwnsQdisc = kernelState.OwnsQdisc,
            Program = program.Name,
            ProgramId = programId,
            Source = options.Source,
            Maps = obj.Maps.Select(m => PinLayout.MapPinName(m.Name)).ToList(),
            AttachedAt = DateTimeOffset.UtcNow,
            Traits = options.Traits,
        };
        AttachmentMetadata.Pin(record, Path.Combine(staging, PinLayout.MetadataPin));

        var final = Layout.Directory(name);
        if (existing is not null)
        {
            var retired = Layout.Retired(name);
            PinLayout.Remove(retired);
            Directory.Move(final, retired);
            rollback.Add($"restore {final}", () => Directory.Move(retired, final));
            Directory.Move(staging, final);
            rollback.Commit();
            PinLayout.Remove(retired);
        }
        else
        {
            Directory.Move(staging, final);
            rollback.Commit();
        }
        logger.LogInformation("attached {Program} to {Interface} ({Hook}) as '{Name}', pinned in {Directory}",
            program.Name, target.Interface, target.HookName, name, Layout.Shown(name));
        return record;
    }

    private static void CheckProgramType(BpfProgram program, AttachTarget target)
    {
        if (!target.Accepts(program.Type))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, program.Type == BpfProgramType.Xdp
                ? $"program '{program.Name}' is an XDP program; attach it without --tc"
                : $"program '{program.Name}' is a {program.Type} program, which cannot be attached at {target.HookName}");
    }

    private static void CheckReplaceable(AttachmentRecord existing, string name, AttachTarget target, ulong netns, bool replace)
    {
        var where = $"{existing.Interface} ({AttachTarget.NameOf(existing.Hook)})";
        if (!replace)
            throw new LoaderException(LoaderErrorKind.AlreadyAttached,
                $"traitsbpf attachment '{name}' already exists on {where}; pass --replace to replace its program atomically");
        if (existing.Interface != target.Interface || existing.Hook != target.Hook || existing.NetworkNamespace != netns)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"--replace swaps the program in place, but attachment '{name}' is on {where}, not {target.Interface} ({target.HookName})");
        if (existing.Hook == AttachHook.Xdp && existing.XdpMode != target.XdpMode)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"attachment '{name}' runs in {existing.XdpMode?.ToString().ToLowerInvariant()} XDP mode; --replace cannot change the mode, so detach first");
    }

    private void CheckXdpHookFree(AttachTarget target, int ifindex, ulong netns)
    {
        var ours = catalog.All().FirstOrDefault(r => r.Hook == AttachHook.Xdp && r.NetworkNamespace == netns && r.InterfaceIndex == ifindex);
        if (ours is not null)
            throw new LoaderException(LoaderErrorKind.AlreadyAttached,
                $"interface {target.Interface} already has traitsbpf's XDP attachment '{ours.Name}'; pass --name {ours.Name} --replace to replace its program atomically");
    }

    private static void PinObjects(BpfObject obj, BpfProgram program, string staging)
    {
        PinnedDescriptor.Pin(program.Fd, Path.Combine(staging, PinLayout.ProgramPin), $"program '{program.Name}'");
        var maps = Path.Combine(staging, PinLayout.MapsDirectory);
        BpfFileSystem.CreatePrivateDirectory(maps);
        foreach (var map in obj.Maps)
            PinnedDescriptor.Pin(map.Fd, Path.Combine(maps, PinLayout.MapPinName(map.Name)), $"map '{map.Name}'");
    }

    private KernelAttachment AttachNew(int programFd, AttachTarget target, int ifindex, string staging, Rollback rollback)
    {
        var iface = target.Interface;
        if (target.Hook == AttachHook.Xdp)
        {
            if (features.XdpLinks)
            {
                using var link = XdpHook.AttachLink(programFd, ifindex, target.XdpMode, iface);
                var linkPin = Path.Combine(staging, PinLayout.LinkPin);
                // Pinning before registering the undo keeps the undo independent of this descriptor's lifetime.
                PinnedDescriptor.Pin(link.Fd, linkPin, "the XDP link");
                rollback.Add($"detach the XDP link on {iface}", () =>
                {
                    using var pinned = PinnedDescriptor.Open(linkPin, "the XDP link");
                    XdpHook.DetachLink(pinned.Fd);
                });
                return new KernelAttachment(AttachMethod.XdpLink, 0, 0, false);
            }

            XdpHook.AttachNetlink(programFd, ifindex, target.XdpMode, iface);
            var programPin = Path.Combine(staging, PinLayout.ProgramPin);
            rollback.Add($"detach XDP from {iface}", () =>
            {
                using var pinned = PinnedDescriptor.Open(programPin, "the program");
                XdpHook.DetachNetlink(ifindex, pinned.Fd, target.XdpMode, iface);
            });
            return new KernelAttachment(AttachMethod.XdpNetlink, 0, 0, false);
        }

        var ownsQdisc = TcHook.EnsureQdisc(ifindex, iface);
        if (ownsQdisc)
            rollback.Add($"remove the clsact qdisc from {iface}", () => TcHook.RemoveQdiscIfEmpty(ifindex, iface));
        var (handle, priority) = TcHook.Attach(ifindex, target.Hook, programFd, iface);
        rollback.Add($"remove the TC filter from {iface}", () => TcHook.Detach(ifindex, target.Hook, handle, priority, iface));
        return new KernelAttachment(AttachMethod.TcFilter, handle, priority, ownsQdisc);
    }

    private KernelAttachment Replace(AttachmentRecord existing, int programFd, int ifindex, string staging, Rollback rollback)
    {
        var iface = existing.Interface;
        // The old program's descriptor stays open until the attach ends so that the undo can swap it back.
        var oldProgram = rollback.Own(Layout.OpenProgram(existing.Name));
        switch (existing.Method)
        {
            case AttachMethod.XdpLink:
                var link = rollback.Own(Layout.OpenLink(existing.Name));
                XdpHook.ReplaceLink(link.Fd, programFd, oldProgram.Fd, iface);
                rollback.Add($"restore the old XDP program on {iface}", () => XdpHook.ReplaceLink(link.Fd, oldProgram.Fd, programFd, iface));
                PinnedDescriptor.Pin(link.Fd, Path.Combine(staging, PinLayout.LinkPin), "the XDP link");
                break;
            case AttachMethod.XdpNetlink:
                var mode = existing.XdpMode ?? XdpMode.Native;
                XdpHook.ReplaceNetlink(ifindex, programFd, oldProgram.Fd, mode, iface);
                rollback.Add($"restore the old XDP program on {iface}", () => XdpHook.ReplaceNetlink(ifindex, oldProgram.Fd, programFd, mode, iface));
                break;
            default:
                var current = TcHook.ProgramId(ifindex, existing.Hook, existing.TcHandle, existing.TcPriority);
                if (current != existing.ProgramId)
                    throw new LoaderException(LoaderErrorKind.Failed,
                        $"the TC filter of '{existing.Name}' on {iface} no longer runs traitsbpf's program (found id {current}); detach it and load again");
                TcHook.Replace(ifindex, existing.Hook, existing.TcHandle, existing.TcPriority, programFd, iface);
                rollback.Add($"restore the old TC program on {iface}",
                    () => TcHook.Replace(ifindex, existing.Hook, existing.TcHandle, existing.TcPriority, oldProgram.Fd, iface));
                break;
        }
        logger.LogInformation("replaced program {Old} on {Interface} atomically", existing.ProgramId, iface);
        return new KernelAttachment(existing.Method, existing.TcHandle, existing.TcPriority, existing.OwnsQdisc);
    }

    private sealed record KernelAttachment(AttachMethod Method, uint Handle, uint Priority, bool OwnsQdisc);
}
