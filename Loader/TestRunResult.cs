namespace TraitsBpf.Loader;

/// <summary>
/// The outcome of one <c>BPF_PROG_TEST_RUN</c>: the program's return value, the packet as
/// the program left it, and the kernel's average duration per repetition.
/// </summary>
/// <param name="ReturnValue">The program's return value (an XDP action, a TC action, a socket filter length).</param>
/// <param name="DataOut">The packet after the program ran.</param>
/// <param name="DurationNs">Average nanoseconds per run over all repetitions.</param>
public readonly record struct TestRunResult(uint ReturnValue, byte[] DataOut, uint DurationNs)
{
    /// <summary>The context after the run (<c>struct xdp_md</c> or <c>struct __sk_buff</c>), when a context was passed in.</summary>
    public byte[]? ContextOut { get; init; }
}
