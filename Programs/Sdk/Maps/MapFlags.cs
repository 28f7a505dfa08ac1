namespace TraitsBpf;

/// <summary>Flags a map is created with (map_flags, BPF_F_*).</summary>
[Flags]
public enum MapFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>BPF_F_NO_PREALLOC: hash maps allocate entries on demand.</summary>
    NoPrealloc = 1 << 0,
    /// <summary>BPF_F_NO_COMMON_LRU: LRU maps keep one list per CPU.</summary>
    NoCommonLru = 1 << 1,
    /// <summary>BPF_F_RDONLY: user space may only look the map up (programs are not limited; managed maps do not check it).</summary>
    ReadOnly = 1 << 3,
    /// <summary>
    /// BPF_F_WRONLY: user space may only update and delete (programs are not limited; managed maps do not check it),
    /// as for an <see cref="XskMap"/>, whose sockets user space puts in and never reads back.
    /// </summary>
    WriteOnly = 1 << 4,
    /// <summary>BPF_F_RDONLY_PROG: programs may only read the map.</summary>
    ReadOnlyProgram = 1 << 7,
    /// <summary>BPF_F_WRONLY_PROG: programs may only write the map.</summary>
    WriteOnlyProgram = 1 << 8,
}
