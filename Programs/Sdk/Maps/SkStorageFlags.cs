namespace TraitsBpf;

/// <summary>The flags of <see cref="SkStorageMap{TValue}.Get"/> (<c>BPF_SK_STORAGE_GET_F_*</c>).</summary>
[Flags]
public enum SkStorageFlags : ulong
{
    /// <summary>Only an existing value.</summary>
    None = 0,
    /// <summary>Create the value when the socket has none (BPF_SK_STORAGE_GET_F_CREATE).</summary>
    Create = 1,
}
