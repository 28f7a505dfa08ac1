using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Removes one traitsbpf attachment: what it attached (and only that: a hook that
/// something else took over is left alone), the clsact qdisc if traitsbpf created it and
/// no filter remains on it, and finally its pins.
/// </summary>
internal sealed class AttachmentRemover(AttachmentCatalog catalog, ILogger logger)
{
    public void Remove(AttachmentRecord record)
    {
        var directory = catalog.Layout.Directory(record.Name);
        var interfaceAlive = NetworkInterfaces.NameOf(record.InterfaceIndex) == record.Interface;
        if (interfaceAlive)
            DetachFromKernel(record);
        else
            logger.LogInformation("{Interface} is gone, and with it the attachment; removing the pins of '{Name}'", record.Interface, record.Name);
        PinLayout.Remove(directory);
        logger.LogInformation("detached '{Name}' from {Interface} and removed {Directory}", record.Name, record.Interface, catalog.Layout.Shown(record.Name));
    }

    private void DetachFromKernel(AttachmentRecord record)
    {
        var iface = record.Interface;
        switch (record.Method)
        {
            case AttachMethod.XdpLink:
                using (var link = catalog.Layout.OpenLink(record.Name))
                    XdpHook.DetachLink(link.Fd);
                break;
            case AttachMethod.XdpNetlink:
                using (var program = catalog.Layout.OpenProgram(record.Name))
                {
                    if (!XdpHook.DetachNetlink(record.InterfaceIndex, program.Fd, record.XdpMode ?? XdpMode.Native, iface))
                        logger.LogWarning("the XDP program on {Interface} is no longer traitsbpf's; leaving it in place", iface);
                }
                break;
            default:
                var current = TcHook.ProgramId(record.InterfaceIndex, record.Hook, record.TcHandle, record.TcPriority);
                if (current == record.ProgramId)
                    TcHook.Detach(record.InterfaceIndex, record.Hook, record.TcHandle, record.TcPriority, iface);
                else if (current != 0)
                    logger.LogWarning("the TC filter {Handle:x}/{Priority} on {Interface} now runs program {Id}, not traitsbpf's; leaving it in place",
                        record.TcHandle, record.TcPriority, iface, current);
                if (record.OwnsQdisc)
                    ReleaseQdisc(record);
                break;
        }
    }

    private void ReleaseQdisc(AttachmentRecord record)
    {
        if (TcHook.RemoveQdiscIfEmpty(record.InterfaceIndex, record.Interface))
        {
            logger.LogInformation("removed the clsact qdisc traitsbpf created on {Interface}", record.Interface);
            return;
        }

        // Filters remain. If one of them is traitsbpf's, it inherits the duty to remove
        // the qdisc, so the last traitsbpf detach still cleans up after the first attach.
        var heir = catalog.All().FirstOrDefault(r => r.Name != record.Name && r.Method == AttachMethod.TcFilter
            && r.NetworkNamespace == record.NetworkNamespace && r.InterfaceIndex == record.InterfaceIndex && !r.OwnsQdisc);
        if (heir is not null)
            AttachmentMetadata.Update(catalog.Layout.Metadata(heir.Name), heir with { OwnsQdisc = true });
        logger.LogInformation("kept the clsact qdisc on {Interface}: other filters are still on it", record.Interface);
    }
}
