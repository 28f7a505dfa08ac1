using TraitsBpf.Abi;

namespace TraitsBpf.Compiler;

/// <summary>What to compile and how.</summary>
public sealed record CompilerOptions
{
    /// <summary>Names of the programs to compile (their attribute names); empty compiles every program.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];

    /// <summary>Which backend packet traits compile to (meta by default: it runs on any kernel).</summary>
    public TraitsBackend Traits { get; init; } = TraitsBackend.Meta;

    /// <summary>Check the IR's invariants after every pass (cheap; on by default).</summary>
    public bool VerifyIr { get; init; } = true;
}
