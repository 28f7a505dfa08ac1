using System.Globalization;
using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Attach.Kinds;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Cleans up after a traitsbpf process that was killed in the middle of a change (SIGKILL,
/// an OOM kill, power loss of the process, not of the host). Its staging directory holds the
/// write-ahead record of what it was attaching, from which exactly what it did to the kernel
/// is undone (and a staged link pin, which would keep a half-made attachment alive; see
/// <see cref="StagedLinks"/> for staging directories without a record); an
/// interrupted --replace may have moved the live pins aside. Runs under the pin-root lock.
/// </summary>
internal static class StaleWorkSweeper
{
    private static readonly string[] s_prefixes = [PinLayout.StagingPrefix, PinLayout.RetiredPrefix, PinLayout.RemovingPrefix];

    /// <summary>Cleans up every dead process's work; returns one sentence per thing done or left alone, for the caller to report.</summary>
    public static IReadOnlyList<string> Sweep(PinLayout layout, ILogger logger)
    {
        var report = new List<string>();
        // Removing and retired entries sort before staging ones, so an interrupted replace has its live pins
        // back in place before its staging record puts the old program back.
        foreach (var entry in layout.EntryNames().Order(StringComparer.Ordinal))
        {
            // Working directories are made and removed under the pin root's lock, which the caller holds:
            // every other process's is stale, even when its pid now names a live process (a reused pid).
            if (!TryParse(entry, out var prefix, out var name, out var pid) || pid == Environment.ProcessId)
                continue;

            // A symbolic link or another user's directory here was not left by traitsbpf: following it
            // could detach or remove another tool's pins, so it is reported and left alone.
            var shown = layout.Shown(entry);
            if (layout.Unsafety(entry) is { } why)
            {
                report.Add($"leaving {shown} alone: it {why}; remove it after checking it");
                continue;
            }

            try
            {
                report.Add(Clean(layout, entry, prefix, name, pid, logger));
            }
            catch (LoaderException e) when (e.Kind == LoaderErrorKind.UnsafePinRoot)
            {
                report.Add($"leaving {shown} alone: {e.Message}");
            }
        }
        return report;
    }

    /// <summary>
    /// The write-ahead records of attaches whose process died before committing them, for <c>list</c>:
    /// what they may have attached stays visible until a sweep undoes it. Read without the lock.
    /// </summary>
    public static IReadOnlyList<(string Entry, AttachmentRecord Intent)> Interrupted(PinLayout layout, ILogger logger)
    {
        var found = new List<(string, AttachmentRecord)>();
        foreach (var entry in layout.EntryNames().Order(StringComparer.Ordinal))
        {
            // Without the lock, a live writer's staging directory is work in progress, not interrupted work:
            // the record's start time tells the writer from a later process with its pid.
            if (TryParse(entry, out var prefix, out _, out var pid) && prefix == PinLayout.StagingPrefix
                && layout.Unsafety(entry) is null && Intent(layout, entry, logger) is { } intent
                && !Processes.IsRunning(pid, intent.WriterStartTime))
                found.Add((entry, intent));
        }
        return found;
    }

    private static string Clean(PinLayout layout, string entry, string prefix, string name, int pid, ILogger logger)
    {
        var directory = layout.Entry(entry);
        var shown = layout.Shown(entry);
        if (prefix == PinLayout.StagingPrefix)
            return Abandon(layout, entry, name, pid, logger);
        if (prefix == PinLayout.RemovingPrefix)
        {
            // Renamed only once the kernel showed the program gone: what is left are pins alone.
            PinLayout.Remove(directory);
            return $"removed {shown}, the pins of an attachment that traitsbpf process {pid} had detached before it died";
        }
        if (!Directory.Exists(layout.Directory(name)))
        {
            Directory.Move(directory, layout.Directory(name));
            return $"restored '{name}' from {shown}, left by traitsbpf process {pid} that died while replacing";
        }
        PinLayout.Remove(directory);
        return $"removed {shown}, the old pins of a replace that traitsbpf process {pid} completed before it died";
    }

    private static string Abandon(PinLayout layout, string entry, string name, int pid, ILogger logger)
    {
        var shown = layout.Shown(entry);
        var intent = Intent(layout, entry, logger);
        string undone;
        if (intent is null)
        {
            // Work of a version without write-ahead records, or killed before the record was written
            // (the kernel was not touched yet then): only a staged link pin can hold anything.
            StagedLinks.Release(layout, entry, name, logger);
            undone = "it had no write-ahead record, so only a link it had pinned could be released";
        }
        else
        {
            var here = NamespaceIdentity.Current();
            if (here.Is(intent.NetworkNamespace, intent.NetworkNamespaceCookie))
                undone = AttachKinds.Of(intent.Method).Abandon(intent, entry, layout) ?? "the kernel showed nothing of it";
            else if (here.IsGone(intent.NetworkNamespace, intent.NetworkNamespaceCookie))
                undone = $"its network namespace (inode {intent.NetworkNamespace}) is gone, and what it attached with it";
            else
                return $"leaving {shown} alone: traitsbpf process {pid} died while attaching '{intent.Name}' in network namespace {intent.NetworkNamespace}; "
                    + "run `traitsbpf repair` inside that namespace to undo it";
        }
        PinLayout.Remove(layout.Entry(entry));
        return $"removed {shown}, left by traitsbpf process {pid} that died while attaching: {undone}";
    }

    private static AttachmentRecord? Intent(PinLayout layout, string entry, ILogger logger)
    {
        var path = layout.Entry(entry, PinLayout.MetadataPin);
        if (!File.Exists(path))
            return null;
        try
        {
            return AttachmentMetadata.Read(path);
        }
        catch (LoaderException e) when (e.Kind != LoaderErrorKind.UnsafePinRoot)
        {
            logger.LogWarning("the write-ahead record in {Directory} cannot be read: {Message}", layout.Shown(entry), e.Message);
            return null;
        }
    }

    private static bool TryParse(string entry, out string prefix, out string name, out int pid)
    {
        prefix = s_prefixes.FirstOrDefault(p => entry.StartsWith(p, StringComparison.Ordinal)) ?? "";
        name = "";
        pid = 0;
        var dash = entry.LastIndexOf('-');
        if (prefix.Length == 0 || dash <= prefix.Length)
            return false;
        name = entry[prefix.Length..dash];
        return int.TryParse(entry.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out pid);
    }
}
