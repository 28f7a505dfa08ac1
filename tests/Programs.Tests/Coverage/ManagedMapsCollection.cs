namespace TraitsBpf.Programs.Tests.Coverage;

/// <summary>
/// Tests that run every XDP program of this assembly as managed code run alone: those programs' maps are static
/// fields, which the tests of each map type also fill and compare with the kernel, so the two must not interleave.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManagedMapsCollection
{
    public const string Name = "managed maps";
}
