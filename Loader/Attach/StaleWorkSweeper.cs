using System.Globalization;
using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Cleans up after a traitsbpf process that was killed in the middle of a change (SIGKILL,
/// power loss of the process, not of the host): its staging directory may hold a pinned
/// XDP link that keeps a half-made attachment alive, and an interrupted --replace may
/// have moved the live pins aside. Runs under the pin-root lock.
/// </summary>
internal static class StaleWorkSweeper
{
    public static void Sweep(PinLayout layout, ILogger logger)
    {
        if (!Directory.Exists(layout.Root))
            return;
        foreach (var directory in Directory.EnumerateDirectories(layout.Root))
        {
            var entry = Path.GetFileName(directory);
            if (!TryParse(entry, out var prefix, out var name, out var pid) || IsRunning(pid))
                continue;

            if (prefix == PinLayout.StagingPrefix)
            {
                DetachLink(directory, logger);
                PinLayout.Remove(directory);
                logger.LogWarning("removed {Directory}, left by traitsbpf process {Pid} that died while attaching", directory, pid);
            }
            else if (!Directory.Exists(layout.Directory(name)))
            {
                Directory.Move(directory, layout.Directory(name));
                logger.LogWarning("restored '{Name}' from {Directory}, left by traitsbpf process {Pid} that died while replacing", name, directory, pid);
            }
            else
            {
                PinLayout.Remove(directory);
            }
        }
    }

    private static void DetachLink(string directory, ILogger logger)
    {
        var link = Path.Combine(directory, PinLayout.LinkPin);
        if (!File.Exists(link))
            return;
        try
        {
            using var fd = PinnedDescriptor.Open(link, "a stale XDP link");
            XdpHook.DetachLink(fd.Fd);
        }
        catch (LoaderException e)
        {
            logger.LogWarning("could not detach the stale XDP link {Link}: {Message}", link, e.Message);
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
