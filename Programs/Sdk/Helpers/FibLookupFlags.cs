namespace TraitsBpf;

/// <summary>BPF_FIB_LOOKUP_* flags.</summary>
[Flags]
public enum FibLookupFlags : uint
{
    /// <summary>A full lookup through the FIB rules.</summary>
    None = 0,
    /// <summary>Skip the FIB rules: look in the table of the interface directly.</summary>
    Direct = 1,
    /// <summary>Look up as for an outgoing packet.</summary>
    Output = 2,
    /// <summary>Do not resolve the neighbour (MACs).</summary>
    SkipNeighbour = 4,
}
