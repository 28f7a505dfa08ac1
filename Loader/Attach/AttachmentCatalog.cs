using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>Reads the attachment records under the pin root.</summary>
internal sealed class AttachmentCatalog(PinLayout layout, ILogger logger)
{
    public PinLayout Layout => layout;

    /// <summary>The record named <paramref name="name"/>, or null when there is no such attachment.</summary>
    public AttachmentRecord? Find(string name)
    {
        var metadata = layout.Metadata(name);
        return File.Exists(metadata) ? AttachmentMetadata.Read(metadata) : null;
    }

    /// <summary>Every readable record; directories without one are reported and skipped.</summary>
    public IReadOnlyList<AttachmentRecord> All()
    {
        var records = new List<AttachmentRecord>();
        foreach (var name in layout.Names())
        {
            try
            {
                if (Find(name) is { } record)
                    records.Add(record);
                else if (Directory.Exists(layout.Directory(name)))
                    logger.LogWarning("{Directory} has no attachment record; it was not made by this version of traitsbpf", layout.Shown(name));
            }
            catch (LoaderException e) when (e.Kind != LoaderErrorKind.UnsafePinRoot && !Directory.Exists(layout.Directory(name)))
            {
                // A detach removed it while it was read: it is gone, not broken.
                logger.LogDebug("{Directory} went away while it was read: {Message}", layout.Shown(name), e.Message);
            }
            catch (LoaderException e)
            {
                logger.LogWarning("skipping {Directory}: {Message}", layout.Shown(name), e.Message);
            }
        }
        return records;
    }
}
