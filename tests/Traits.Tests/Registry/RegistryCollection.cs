namespace TraitsBpf.Traits.Tests.Registry;

/// <summary>Tests that touch the process-wide <see cref="TraitRegistry"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RegistryCollection
{
    public const string Name = "trait registry";
}
