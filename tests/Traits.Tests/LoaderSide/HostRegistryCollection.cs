namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>Tests that change the host's own trait registry (through traitsbpf) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostRegistryCollection
{
    public const string Name = "host trait registry";
}
