namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>
/// What a sample class needs before its programs run, beyond compiling and loading: .rodata
/// constants to set in both kernel objects, map entries and program array slots to fill on
/// every side, trait keys to agree on, and the clock readings to leave out of comparisons.
/// </summary>
public sealed record SampleSetup
{
    /// <summary>A sample that needs nothing.</summary>
    public static SampleSetup None { get; } = new();

    /// <summary>.rodata constants set before load, by name, in the loader's value syntax.</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Map entries written on every side before the first packet, into hash, LPM trie, array and device maps.
    /// A per-CPU map gets the value on one CPU (managed execution's, and the kernel's first), zeros on the
    /// others: right for counters, whose sums are compared, but a program that decides by a per-CPU value
    /// would see the seed only on that CPU.
    /// </summary>
    public IReadOnlyList<MapEntry> MapEntries { get; init; } = [];

    /// <summary>Program array slots filled with the sample's own programs.</summary>
    public IReadOnlyList<TailCallSlot> TailCalls { get; init; } = [];

    /// <summary>Bytes of map values that hold clock readings.</summary>
    public IReadOnlyList<ClockField> ClockFields { get; init; } = [];

    /// <summary>
    /// The key of every named trait the sample's programs use, by name: registered in the managed
    /// <see cref="TraitRegistry"/> and written into both kernel objects' <c>__trait_&lt;name&gt;</c>
    /// .rodata variables, as the loader writes the host registry's keys.
    /// </summary>
    public IReadOnlyDictionary<string, int> TraitKeys { get; init; } = new Dictionary<string, int>();

    /// <summary>Named traits whose values are clock readings: left out of store comparisons, like <see cref="ClockFields"/>.</summary>
    public IReadOnlyList<string> ClockTraits { get; init; } = [];

    /// <summary>
    /// True for a sample whose XDP programs set traits under the meta backend: both kernel
    /// objects reserve the store at entry, so their test-run output starts with the metadata
    /// area (<see cref="MetaTraitArea.Room"/> bytes, the store then zeros), which is compared
    /// with managed execution's store padded alike.
    /// </summary>
    public bool XdpTraitStoreInMetadata { get; init; }

    /// <summary>Why the setup is what it is, for the test output.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The .rodata variable a named trait's key goes into (the compiler's and the C twins' convention).</summary>
    public static string TraitKeyVariable(string trait) => $"__trait_{trait}";

    /// <summary>Every .rodata constant to set in the kernel objects: <see cref="Constants"/> and the trait keys.</summary>
    public IEnumerable<KeyValuePair<string, string>> KernelConstants() =>
        Constants.Concat(TraitKeys.Select(t => KeyValuePair.Create(TraitKeyVariable(t.Key), t.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Gives managed execution the setup's trait keys: the registry is emptied, then each name is pinned to its key.</summary>
    public void RegisterTraitKeys()
    {
        TraitRegistry.Reset();
        foreach (var (name, key) in TraitKeys)
        {
            TraitRegistry.Register(name, key);
        }
    }
}
