namespace TraitsBpf.Abi;

/// <summary>
/// The trait store's layout (docs/traits-abi.md): a header of three 64-bit size-code planes, then
/// the values in ascending key order. The kernel series, the SDK's store code, the meta backend
/// and the C twins' trait_store.h (through the generated traits_abi.h) all use these numbers.
/// </summary>
public static class TraitStoreFormat
{
    /// <summary>Bytes of the header that starts every store.</summary>
    public const int HeaderSize = 24;

    /// <summary>A store never grows beyond this many bytes, header included.</summary>
    public const int MaxSize = 256;

    /// <summary>Bytes of values a full store holds.</summary>
    public const int MaxValuesSize = MaxSize - HeaderSize;

    /// <summary>The set flag that fails with -EEXIST when the key is present (BPF_F_TRAIT_NOEXIST).</summary>
    public const ulong NoExist = 1;

    /// <summary>The set flag that fails with -ENOENT when the key is absent (BPF_F_TRAIT_EXIST).</summary>
    public const ulong Exist = 2;

    /// <summary>Bytes of metadata an XDP program reserves for the store under the meta backend (seal and store).</summary>
    public const int MetaRoom = 128;

    /// <summary>
    /// Bytes of the seal in front of a meta backend store (docs/traits-abi.md, "The meta seal"):
    /// the magic (u32), the area's size (u16), the packet's length (u16), then the check (u64).
    /// </summary>
    public const int MetaSealSize = 16;

    /// <summary>The seal's first four bytes, "TRS1" in memory order: a metadata area that does not start with them holds no store.</summary>
    public const uint MetaMagic = 0x31535254;

    /// <summary>Where the four packet bytes the check covers start: IPv4 total length and id, IPv6 flow label and payload length.</summary>
    public const int MetaPacketWordOffset = 16;

    /// <summary>The seal's check starts from this value (the first 64 bits of the fractional part of √2).</summary>
    public const ulong MetaCheckSeed = 0x6A09E667F3BCC908;

    /// <summary>The odd multiplier of each mixing step of the check (2⁶⁴ divided by the golden ratio, made odd).</summary>
    public const ulong MetaCheckMultiplier = 0x9E3779B97F4A7C15;
}
