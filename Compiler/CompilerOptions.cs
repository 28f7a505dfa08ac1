namespace TraitsBpf.Compiler;

/// <summary>What to compile and how.</summary>
public sealed record CompilerOptions
{
    /// <summary>Names of the programs to compile (their attribute names); empty compiles every program.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];

    /// <summary>Check the IR's invariants after every pass (cheap; on by default).</summary>
    public bool VerifyIr { get; init; } = true;
}
