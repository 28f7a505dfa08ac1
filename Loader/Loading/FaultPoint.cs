using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Loading;

/// <summary>
/// A test hook for crash consistency: when the environment variable <c>TRAITSBPF_KILL_AT</c> names
/// a point a command reaches, the process sends itself SIGKILL there, as a crash or an OOM kill
/// would, with no cleanup of any kind; <c>POINT:TERM</c> (or <c>:INT</c>, <c>:HUP</c>) sends that
/// signal instead, as a user or a service manager would. The points are the <see cref="LoadStep"/>
/// names (after that step completed) and <see cref="Intent"/> (the write-ahead record is pinned,
/// the kernel not yet touched).
/// </summary>
public static class FaultPoint
{
    /// <summary>The environment variable that names the point to die at.</summary>
    public const string Variable = "TRAITSBPF_KILL_AT";

    /// <summary>After the write-ahead record is pinned in the staging directory, before the kernel attach.</summary>
    public const string Intent = "Intent";

    private static readonly string? s_target = Environment.GetEnvironmentVariable(Variable);

    /// <summary>Signals this process here if the environment says so.</summary>
    public static void Reached(string point)
    {
        if (s_target is null)
            return;
        var colon = s_target.IndexOf(':', StringComparison.Ordinal);
        var target = colon < 0 ? s_target : s_target[..colon];
        if (!string.Equals(target, point, StringComparison.OrdinalIgnoreCase))
            return;
        var signal = colon < 0 ? "KILL" : s_target[(colon + 1)..].ToUpperInvariant();
        var number = signal switch
        {
            "TERM" => 15,
            "INT" => 2,
            "HUP" => 1,
            _ => LibC.SIGKILL,
        };
        // A catchable signal is handled on another thread, at once or while the next steps run,
        // as a real one would be; either way the command must end as docs/loader.md says.
        LibC.kill(Environment.ProcessId, number);
    }
}
