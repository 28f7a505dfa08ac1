namespace TraitsBpf;

/// <summary>What managed execution does with a callback's result, by the verifier's rule for bpf_loop and bpf_for_each_map_elem.</summary>
internal static class MapCallbacks
{
    /// <summary>True to stop (1), false to go on (0); anything else is a callback the verifier would refuse.</summary>
    public static bool Stops(long result) => result switch
    {
        0 => false,
        1 => true,
        _ => throw new InvalidOperationException($"a callback returned {result}; the verifier accepts only callbacks that return 0 (continue) or 1 (stop)"),
    };
}
