using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// A cls_bpf filter on the clsact qdisc (<c>bpf_tc_attach</c>), found again by its handle and
/// priority. The qdisc is created when missing and then belongs to traitsbpf, which removes it
/// once no filter at all is left on it.
/// </summary>
internal sealed class TcFilterKind : IAttachKind
{
    public AttachMethod Method => AttachMethod.TcFilter;

    public string Name => "tc_filter";

    public bool Exclusive => false;

    public bool HasFilter => true;

    public bool Serves(AttachHook hook, KernelFeatures features) => hook is AttachHook.TcIngress or AttachHook.TcEgress;

    public KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback, AttachJournal journal)
    {
        var iface = target.Interface;
        if (target.TcxPlacement is { } placement)
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"{placement} orders tcx programs, but this kernel has no tcx (Linux 6.6+), so traitsbpf attaches a clsact filter, whose order is its priority");
        var ownsQdisc = TcHook.EnsureQdisc(ifindex, iface);
        if (ownsQdisc)
        {
            // A crash between the two leaves an empty qdisc, never a filter nobody knows of.
            journal.Note(r => r with { OwnsQdisc = true });
            rollback.Add($"remove the clsact qdisc from {iface}", () => TcHook.RemoveQdiscIfEmpty(ifindex, iface));
        }
        var (handle, priority) = TcHook.Attach(ifindex, target.Hook, programFd, iface);
        rollback.Add($"remove the TC filter from {iface}", () => TcHook.Detach(ifindex, target.Hook, handle, priority, iface));
        return new KernelAttachment(Method, handle, priority, ownsQdisc, null);
    }

    public KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback)
    {
        var iface = existing.Interface;
        var ifindex = existing.InterfaceIndex;
        var oldProgram = rollback.Own(layout.OpenProgram(existing.Name));
        var current = TcHook.ProgramId(ifindex, existing.Hook, existing.TcHandle, existing.TcPriority);
        if (current != existing.ProgramId)
            throw new LoaderException(LoaderErrorKind.Failed,
                $"the TC filter of '{existing.Name}' on {iface} no longer runs traitsbpf's program (found id {current}); detach it and load again");
        TcHook.Replace(ifindex, existing.Hook, existing.TcHandle, existing.TcPriority, programFd, iface);
        rollback.Add($"restore the old TC program on {iface}",
            () => TcHook.Replace(ifindex, existing.Hook, existing.TcHandle, existing.TcPriority, oldProgram.Fd, iface));
        return new KernelAttachment(Method, existing.TcHandle, existing.TcPriority, existing.OwnsQdisc, null);
    }

    public string? Abandon(AttachmentRecord intent, string stagingEntry, PinLayout layout)
    {
        var ifindex = intent.InterfaceIndex;
        if (NetworkInterfaces.NameOf(ifindex) is null)
            return null;
        var done = new List<string>();
        using (var program = KernelPrograms.Open(intent.ProgramId))
        {
            if (program is not null && intent.ReplacesProgramId != 0
                && TcHook.ProgramId(ifindex, intent.Hook, intent.TcHandle, intent.TcPriority) == intent.ProgramId)
            {
                using var oldProgram = layout.OpenProgram(intent.Name);
                TcHook.Replace(ifindex, intent.Hook, intent.TcHandle, intent.TcPriority, oldProgram.Fd, intent.Interface);
                done.Add($"put program {intent.ReplacesProgramId} back in the TC filter of '{intent.Name}' in place of {intent.ProgramId}");
            }
            else if (program is not null && intent.ReplacesProgramId == 0)
            {
                var parent = intent.Hook == AttachHook.TcIngress ? TcFilterDump.IngressParent : TcFilterDump.EgressParent;
                foreach (var (handle, priority, _) in TcFilterDump.List(ifindex, parent).Where(f => f.ProgramId == intent.ProgramId))
                {
                    TcHook.Detach(ifindex, intent.Hook, handle, priority, intent.Interface);
                    done.Add($"removed its TC filter (handle 0x{handle:x} priority {priority}) from {intent.Interface}");
                }
            }
        }
        if (intent.OwnsQdisc && intent.ReplacesProgramId == 0 && TcHook.RemoveQdiscIfEmpty(ifindex, intent.Interface))
            done.Add($"removed the clsact qdisc it had created on {intent.Interface}");
        return done.Count == 0 ? null : string.Join("; ", done);
    }

    public void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger)
    {
        var current = TcHook.ProgramId(record.InterfaceIndex, record.Hook, record.TcHandle, record.TcPriority);
        if (current == record.ProgramId)
            TcHook.Detach(record.InterfaceIndex, record.Hook, record.TcHandle, record.TcPriority, record.Interface);
        else if (current != 0)
            logger.LogWarning("the TC filter {Handle:x}/{Priority} on {Interface} now runs program {Id}, not traitsbpf's; leaving it in place",
                record.TcHandle, record.TcPriority, record.Interface, current);
        if (record.OwnsQdisc)
            ReleaseQdisc(record, catalog, logger);
    }

    public AttachmentState State(AttachmentRecord record, PinLayout layout) =>
        NetworkInterfaces.NameOf(record.InterfaceIndex) is null ? AttachmentState.InterfaceGone
        : TcHook.ProgramId(record.InterfaceIndex, record.Hook, record.TcHandle, record.TcPriority) == record.ProgramId ? AttachmentState.Active
        : AttachmentState.Displaced;

    public AttachmentState? StateElsewhere(AttachmentRecord record, PinLayout layout) => null;

    public string Describe(AttachmentRecord record, string methodSeparator) => $"handle 0x{record.TcHandle:x} priority {record.TcPriority}";

    private void ReleaseQdisc(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger)
    {
        if (TcHook.RemoveQdiscIfEmpty(record.InterfaceIndex, record.Interface))
        {
            logger.LogInformation("removed the clsact qdisc traitsbpf created on {Interface}", record.Interface);
            return;
        }

        // Filters remain. If one of them is traitsbpf's, it inherits the duty to remove
        // the qdisc, so the last traitsbpf detach still cleans up after the first attach.
        var heir = catalog.All().FirstOrDefault(r => r.Name != record.Name && r.Method == Method
            && r.NetworkNamespace == record.NetworkNamespace && r.NetworkNamespaceCookie == record.NetworkNamespaceCookie && r.InterfaceIndex == record.InterfaceIndex && !r.OwnsQdisc);
        if (heir is not null)
            AttachmentMetadata.Update(catalog.Layout.Metadata(heir.Name), heir with { OwnsQdisc = true });
        logger.LogInformation("kept the clsact qdisc on {Interface}: other filters are still on it", record.Interface);
    }
}
