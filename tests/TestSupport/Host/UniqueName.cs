namespace TraitsBpf.TestSupport.Host;

/// <summary>Short unique names, so tests can run in parallel with each other and with other projects' tests.</summary>
public static class UniqueName
{
    private static int s_counter;

    /// <summary>
    /// <paramref name="prefix"/> ("tb" unless a test names its own) + 6 hex digits: unique per process and run, short
    /// enough for interface names (15 characters) when the prefix has at most 8.
    /// </summary>
    public static string Next(string prefix = "tb")
    {
        var value = (Environment.ProcessId * 4099 + Interlocked.Increment(ref s_counter) * 7919 + Random.Shared.Next(4096)) & 0xffffff;
        return $"{prefix}{value:x6}";
    }
}
