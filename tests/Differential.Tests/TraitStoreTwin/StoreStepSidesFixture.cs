namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>Compiles and loads the store step programs once for the tests that use them.</summary>
public sealed class StoreStepSidesFixture : IDisposable
{
    /// <summary>The loaded sides.</summary>
    public StoreStepSides Sides { get; } = new();

    /// <inheritdoc/>
    public void Dispose() => Sides.Dispose();
}
