namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>How an external command ended.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
