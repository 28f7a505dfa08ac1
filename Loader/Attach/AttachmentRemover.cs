using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Attach.Kinds;
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
            AttachKinds.Of(record.Method).Detach(record, catalog, logger);
        else
            logger.LogInformation("{Interface} is gone, and with it the attachment; removing the pins of '{Name}'", record.Interface, record.Name);
        PinLayout.Remove(directory);
        logger.LogInformation("detached '{Name}' from {Interface} and removed {Directory}", record.Name, record.Interface, catalog.Layout.Shown(record.Name));
    }
}
