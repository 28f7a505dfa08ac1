using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// What becomes of a link (XDP or tcx) found pinned in the staging directory of a traitsbpf process that
/// died. A new attachment's link is detached: nothing else knows it. But a --replace pins the live
/// attachment's own link there after swapping its program, so a link that is also pinned in the
/// attachment's directory (or in its retired one, mid-rename) is the live attachment: it keeps running,
/// and gets back the program its record names.
/// </summary>
internal static class StagedLinks
{
    /// <summary>Releases the link pinned in working directory <paramref name="entry"/> of attachment <paramref name="name"/>, if there is one.</summary>
    public static void Release(PinLayout layout, string entry, string name, ILogger logger)
    {
        // Resolve refuses a link pin that is a symbolic link or another user's, before it is opened.
        var path = layout.Entry(entry, PinLayout.LinkPin);
        if (!File.Exists(path))
            return;
        var shown = PinPaths.Shown(path);
        try
        {
            using var link = PinnedDescriptor.Open(path, "a stale link");
            var linkId = BpfLinks.Info(link.Fd, $"the stale link {shown}").id;
            if (Home(layout, name, linkId) is { } home)
                RestoreRecordedProgram(layout, link, entry, home, logger);
            else
                BpfLinks.Detach(link.Fd, $"the stale link {shown}");
        }
        catch (LoaderException e) when (e.Kind != LoaderErrorKind.UnsafePinRoot)
        {
            logger.LogWarning("could not release the stale link {Link}: {Message}", shown, e.Message);
        }
    }

    /// <summary>The attachment's directory, or its retired one, that pins the same link; null when none does.</summary>
    private static string? Home(PinLayout layout, string name, uint linkId) =>
        layout.EntryNames()
            .Where(e => e == name || (e.StartsWith($"{PinLayout.RetiredPrefix}{name}-", StringComparison.Ordinal) && layout.Unsafety(e) is null))
            .FirstOrDefault(e => File.Exists(layout.Entry(e, PinLayout.LinkPin)) && LinkId(layout.Entry(e, PinLayout.LinkPin)) == linkId);

    private static uint LinkId(string path)
    {
        using var link = PinnedDescriptor.Open(path, "a link");
        return BpfLinks.Info(link.Fd, $"the link {PinPaths.Shown(path)}").id;
    }

    private static void RestoreRecordedProgram(PinLayout layout, FileDescriptorHandle link, string entry, string home, ILogger logger)
    {
        using var recorded = PinnedDescriptor.Open(layout.Entry(home, PinLayout.ProgramPin), "the recorded program");
        var recordedId = ObjectInfo.Read(recorded.Fd, new BpfProgInfo(), "the recorded program").id;
        // The process may have died after its own undo had put the program back.
        if (BpfLinks.Info(link.Fd, "the live link").prog_id == recordedId)
            return;
        using var staged = PinnedDescriptor.Open(layout.Entry(entry, PinLayout.ProgramPin), "the staged program");
        BpfLinks.Update(link.Fd, recorded.Fd, staged.Fd, $"the link of {layout.Shown(home)}");
        logger.LogWarning("put program {Id} back on the link of {Directory}: a replace died after swapping it", recordedId, layout.Shown(home));
    }
}
