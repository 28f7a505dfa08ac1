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

    /// <summary>Bytes of metadata an XDP program reserves for the store under the meta backend.</summary>
    public const int MetaRoom = 128;
}
