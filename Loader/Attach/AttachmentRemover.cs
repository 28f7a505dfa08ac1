using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Attach.Kinds;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Removes one traitsbpf attachment: what it attached (and only that: a hook that
/// something else took over is left alone), the clsact qdisc if traitsbpf created it and
/// no filter remains on it, and finally its pins. The pins and record go only once the
/// kernel shows the program gone from where the record says, so that a failed detach never
/// leaves a running program that nothing can find any more.
/// </summary>
internal sealed class AttachmentRemover(AttachmentCatalog catalog, ILogger logger)
{
    public DetachOutcome Remove(AttachmentRecord record, NamespaceIdentity here)
    {
        var layout = catalog.Layout;
        var before = AttachmentInspector.State(record, layout, here);
        var shownInterface = AttachmentInspector.CurrentInterface(record, here) ?? record.Interface;
        if (before == AttachmentState.OtherNamespace)
            throw new LoaderException(LoaderErrorKind.NotAttached,
                $"attachment '{record.Name}' belongs to another network namespace (inode {record.NetworkNamespace}); run detach inside it"
                + (here.Holder(record.NetworkNamespace) is { } holder ? $", e.g. `nsenter --net={holder} traitsbpf detach --name {record.Name}`" : ""));

        if (before is AttachmentState.Active or AttachmentState.Displaced)
        {
            var kind = AttachKinds.Of(record.Method);
            kind.Detach(record, catalog, logger);
            if (kind.State(record, layout) == AttachmentState.Active)
                throw new LoaderException(LoaderErrorKind.Failed,
                    $"the kernel still runs program {record.ProgramId} of '{record.Name}' on {shownInterface} after the detach; its pins and record are kept");
        }
        // Renamed away first, in one step: a concurrent list sees the whole attachment or none of it.
        var doomed = layout.Removing(record.Name);
        PinLayout.Remove(doomed);
        Directory.Move(layout.Directory(record.Name), doomed);
        PinLayout.Remove(doomed);
        var outcome = new DetachOutcome(record, before, shownInterface);
        logger.LogInformation("{Outcome}; removed {Directory}", outcome.Describe(), layout.Shown(record.Name));
        return outcome;
    }
}
