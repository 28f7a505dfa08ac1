namespace TraitsBpf;

/// <summary>
/// Carries the result of a tail-called program out of the caller in managed execution, where a
/// jump that never returns is modelled by unwinding. <see cref="ManagedExecution"/> catches it.
/// </summary>
public sealed class TailCallException(int result) : Exception("A tail call completed; run programs that tail-call through ManagedExecution.")
{
    /// <summary>What the tail-called program returned.</summary>
    public int Result { get; } = result;
}
