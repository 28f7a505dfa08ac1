namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>One step of a <see cref="SharedVector"/>, as a <see cref="StoreStep"/> with its expected outcome.</summary>
/// <param name="Line">The step's line in the file.</param>
/// <param name="Step">The operation (a get's buffer holds <see cref="SharedVectors.BufferFill"/> beforehand).</param>
/// <param name="Result">What it must return.</param>
/// <param name="Value">For a get: the bytes the buffer receives (empty when nothing is copied).</param>
/// <param name="Store">The whole store afterwards.</param>
public sealed record SharedVectorStep(int Line, StoreStep Step, int Result, byte[] Value, byte[] Store);
