namespace TraitsBpf.TestSupport.Vectors;

/// <summary>One line of a vector: an operation and everything the store must show after it.</summary>
/// <param name="Operation">get, set or del.</param>
/// <param name="Key">The key as the kernel receives it (may be out of range).</param>
/// <param name="Value">set: the value's bytes (its length is the size).</param>
/// <param name="Flags">set: the flags.</param>
/// <param name="BufferSize">get: the size of the buffer.</param>
/// <param name="Result">The expected return value.</param>
/// <param name="ExpectedValue">get: what the buffer receives; null when nothing is copied.</param>
/// <param name="Store">The whole store after the step, header and values.</param>
/// <param name="Line">The line in docs/traits-vectors.txt, for messages.</param>
public sealed record TraitStep(
    TraitOperation Operation,
    ulong Key,
    byte[] Value,
    ulong Flags,
    int BufferSize,
    int Result,
    byte[]? ExpectedValue,
    byte[] Store,
    int Line);
