namespace TraitsBpf.Traits.Tests.Infrastructure;

/// <summary>What a finished child process left behind.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Throws with the whole output unless the command exited 0.</summary>
    public CommandResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException(ToString());

    public override string ToString() => $"`{Command}` exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
