namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>
/// Tests that plant leftovers in the shared pin root for traitsbpf to clean up: any traitsbpf
/// process another test starts meanwhile would clean them first, so they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PinRootCollection
{
    public const string Name = "shared pin root, alone";
}
