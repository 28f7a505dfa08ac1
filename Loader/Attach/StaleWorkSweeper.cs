using System.Globalization;
using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Cleans up after a traitsbpf process that was killed in the middle of a change (SIGKILL,
/// power loss of the process, not of the host): its staging directory may hold a pinned
/// XDP or tcx link that keeps a half-made attachment alive (see <see cref="StagedLinks"/>), and an interrupted --replace may
/// have moved the live pins aside. Runs under the pin-root lock.
/// </summary>
internal static class StaleWorkSweeper
{
    public static void Sweep(PinLayout layout, ILogger logger)
    {
        foreach (var entry in layout.EntryNames())
        {
            if (!TryParse(entry, out var prefix, out var name, out var pid) || IsRunning(pid))
                continue;

            // A symbolic link or another user's directory here was not left by traitsbpf: following it
            // could detach or remove another tool's pins, so it is reported and left alone.
            var shown = layout.Shown(entry);
            if (layout.Unsafety(entry) is { } why)
            {
                logger.LogWarning("leaving {Directory} alone: it {Reason}; remove it after checking it", shown, why);
                continue;
            }

            try
            {
                Clean(layout, entry, prefix, name, pid, logger);
            }
            catch (LoaderException e) when (e.Kind == LoaderErrorKind.UnsafePinRoot)
            {
                logger.LogWarning("leaving {Directory} alone: {Message}", shown, e.Message);
            }
        }
    }

    private static void Clean(PinLayout layout, string entry, string prefix, string name, int pid, ILogger logger)
    {
        var directory = layout.Entry(entry);
        var shown = layout.Shown(entry);
        if (prefix == PinLayout.StagingPrefix)
        {
            StagedLinks.Release(layout, entry, name, logger);
            PinLayout.Remove(directory);
            logger.LogWarning("removed {Directory}, left by traitsbpf process {Pid} that died while attaching", shown, pid);
        }
        else if (!Directory.Exists(layout.Directory(name)))
        {
            Directory.Move(directory, layout.Directory(name));
            logger.LogWarning("restored '{Name}' from {Directory}, left by traitsbpf process {Pid} that died while replacing", name, shown, pid);
        }
        else
        {
            PinLayout.Remove(directory);
        }
    }

    private static bool TryParse(string entry, out string prefix, out string name, out int pid)
    {
        prefix = entry.StartsWith(PinLayout.StagingPrefix, StringComparison.Ordinal) ? PinLayout.StagingPrefix
            : entry.StartsWith(PinLayout.RetiredPrefix, StringComparison.Ordinal) ? PinLayout.RetiredPrefix : "";
        name = "";
        pid = 0;
        var dash = entry.LastIndexOf('-');
        if (prefix.Length == 0 || dash <= prefix.Length)
            return false;
        name = entry[prefix.Length..dash];
        return int.TryParse(entry.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out pid);
    }

    // A zombie has finished: it cannot be in the middle of an attach any more.
    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
            return true;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return !state.StartsWith('Z') && !state.StartsWith('X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
