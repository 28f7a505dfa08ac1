namespace TraitsBpf.Traits.Tests.Kernel;

/// <summary>
/// The test packet <see cref="VectorPrograms"/> decode: one step's operation and arguments in a
/// fixed header, the store's starting bytes after it; the program writes its result and the
/// value buffer back into the header.
/// </summary>
public static class VectorPacket
{
    /// <summary>u8: 0 get, 1 set, 2 del.</summary>
    public const int Operation = 0;

    /// <summary>u8: the value's size (set) or the buffer's size (get).</summary>
    public const int Size = 2;

    /// <summary>u64: the key.</summary>
    public const int Key = 8;

    /// <summary>u64: set's flags.</summary>
    public const int Flags = 16;

    /// <summary>16 bytes: the value to set, or what the get buffer holds beforehand.</summary>
    public const int Value = 24;

    /// <summary>i32 out: the operation's result.</summary>
    public const int Result = 40;

    /// <summary>16 bytes out: the value buffer afterwards.</summary>
    public const int ValueOut = 48;

    /// <summary>The store's bytes: tv_meta copies them into the metadata area, tv_packet works on them in place.</summary>
    public const int Store = 64;
}
