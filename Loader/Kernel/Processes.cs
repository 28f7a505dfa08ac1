using System.Globalization;

namespace TraitsBpf.Loader.Kernel;

/// <summary>Processes by pid and start time: a pid alone may have been reused by a new process.</summary>
internal static class Processes
{
    private static readonly Lazy<ulong> s_currentStartTime = new(() => StartTime(Environment.ProcessId) ?? 0);

    /// <summary>This process's start time (see <see cref="StartTime"/>), read once.</summary>
    public static ulong CurrentStartTime => s_currentStartTime.Value;

    /// <summary>The start time of <paramref name="pid"/> in clock ticks after boot (/proc/PID/stat field 22), or null when it is gone.</summary>
    public static ulong? StartTime(int pid)
    {
        var fields = StatFields(pid);
        // Fields after the command name start at field 3 (state); starttime is field 22.
        return fields is { Length: > 19 } && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }

    /// <summary>
    /// True when <paramref name="pid"/> is alive (a zombie has finished) and, when <paramref name="startTime"/> is
    /// known, is the process that started then rather than a later one given the same pid.
    /// </summary>
    public static bool IsRunning(int pid, ulong startTime = 0)
    {
        if (pid == Environment.ProcessId)
            return true;
        var fields = StatFields(pid);
        if (fields is not { Length: > 19 } || fields[0] is "Z" or "X")
            return false;
        return startTime == 0 || fields[19] == startTime.ToString(CultureInfo.InvariantCulture);
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
