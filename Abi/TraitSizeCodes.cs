namespace TraitsBpf.Abi;

/// <summary>
/// The 3-bit size code a store's header gives each key (docs/traits-abi.md): bit k of planes 0, 1
/// and 2 are bits 0, 1 and 2 of key k's code. 0 is absent, 1 a flag, 2 to 5 values of 2, 4, 8 and
/// 16 bytes; 6 and 7 are never written, so a store holding them is not a store.
/// </summary>
public static class TraitSizeCodes
{
    /// <summary>The code of an absent key.</summary>
    public const int Absent = 0;

    /// <summary>
    /// The value size of <paramref name="code"/>, or -1 for a code no store holds (6, 7, or out
    /// of range); an absent key's size is 0.
    /// </summary>
    public static int SizeOf(int code) => code switch
    {
        0 or 1 => 0,
        2 => 2,
        3 => 4,
        4 => 8,
        5 => 16,
        _ => -1,
    };

    /// <summary>The code of a value of <paramref name="size"/> bytes (0 for a flag), or -1 for a size no store holds.</summary>
    public static int ForSize(int size) => size switch
    {
        0 => 1,
        2 => 2,
        4 => 3,
        8 => 4,
        16 => 5,
        _ => -1,
    };

    /// <summary>Key <paramref name="key"/>'s code in a header of planes <paramref name="plane0"/> to <paramref name="plane2"/>.</summary>
    public static int Of(ulong plane0, ulong plane1, ulong plane2, int key) =>
        (int)((plane0 >> key) & 1 | ((plane1 >> key) & 1) << 1 | ((plane2 >> key) & 1) << 2);
}
