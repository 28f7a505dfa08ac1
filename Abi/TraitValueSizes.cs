namespace TraitsBpf.Abi;

/// <summary>The sizes a trait value may have: 0 (a flag, present or absent), 2, 4, 8 or 16 bytes.</summary>
public static class TraitValueSizes
{
    /// <summary>The largest value, in bytes.</summary>
    public const int Max = 16;

    /// <summary>Every valid size, smallest first.</summary>
    public static IReadOnlyList<int> All { get; } = [0, 2, 4, 8, 16];

    /// <summary>Whether <paramref name="size"/> is a trait value size.</summary>
    public static bool IsValid(long size) => size is 0 or 2 or 4 or 8 or 16;

    /// <summary>The sizes as a sentence's list, for messages: "0 (a flag), 2, 4, 8 or 16 bytes".</summary>
    public const string Description = "0 (TraitFlag), 2, 4, 8 or 16 bytes";
}
