namespace TraitsBpf.Abi;

/// <summary>Trait keys (docs/traits-abi.md): a packet carries at most 64 traits, keyed 0 to 63.</summary>
public static class TraitKeys
{
    /// <summary>The highest key.</summary>
    public const int Max = 63;

    /// <summary>How many keys there are.</summary>
    public const int Count = Max + 1;

    /// <summary>
    /// What a named trait's key variable holds until the loader binds it: one past the highest
    /// key, which every trait operation refuses (-EINVAL), so an unbound object cannot touch
    /// another trait's value.
    /// </summary>
    public const int Unassigned = Count;

    /// <summary>Whether <paramref name="key"/> is a key.</summary>
    public static bool IsValid(long key) => key is >= 0 and <= Max;
}
