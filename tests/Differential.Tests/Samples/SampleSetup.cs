namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>
/// What a sample class needs before its programs run, beyond compiling and loading: .rodata
/// constants to set in both kernel objects, program array slots to fill on every side, and the
/// clock readings to leave out of map comparisons.
/// </summary>
public sealed record SampleSetup
{
    /// <summary>A sample that needs nothing.</summary>
    public static SampleSetup None { get; } = new();

    /// <summary>.rodata constants set before load, by name, in the loader's value syntax.</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();

    /// <summary>Program array slots filled with the sample's own programs.</summary>
    public IReadOnlyList<TailCallSlot> TailCalls { get; init; } = [];

    /// <summary>Bytes of map values that hold clock readings.</summary>
    public IReadOnlyList<ClockField> ClockFields { get; init; } = [];

    /// <summary>Why the setup is what it is, for the test output.</summary>
    public string Reason { get; init; } = "";
}
