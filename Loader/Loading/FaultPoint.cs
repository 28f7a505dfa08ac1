using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Loading;

/// <summary>
/// A test hook for crash consistency: when the environment variable <c>TRAITSBPF_KILL_AT</c> names
/// a point a command reaches, the process sends itself SIGKILL there, as a crash or an OOM kill
/// would, with no cleanup of any kind. The points are the <see cref="LoadStep"/> names (after
/// that step completed) and <see cref="Intent"/> (the write-ahead record is pinned, the kernel
/// not yet touched).
/// </summary>
public static class FaultPoint
{
    /// <summary>The environment variable that names the point to die at.</summary>
    public const string Variable = "TRAITSBPF_KILL_AT";

    /// <summary>After the write-ahead record is pinned in the staging directory, before the kernel attach.</summary>
    public const string Intent = "Intent";

    private static readonly string? s_target = Environment.GetEnvironmentVariable(Variable);

    /// <summary>Dies here if the environment says so.</summary>
    public static void Reached(string point)
    {
        if (s_target is not null && string.Equals(s_target, point, StringComparison.OrdinalIgnoreCase))
            LibC.kill(Environment.ProcessId, LibC.SIGKILL);
    }
}
