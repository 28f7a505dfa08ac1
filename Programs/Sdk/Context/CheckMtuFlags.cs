namespace TraitsBpf;

/// <summary>The flags of <see cref="TcContext.CheckMtu"/> (<c>enum bpf_check_mtu_flags</c>).</summary>
[Flags]
public enum CheckMtuFlags : ulong
{
    /// <summary>Check the packet's length.</summary>
    None = 0,

    /// <summary>BPF_MTU_CHK_SEGS: check each GSO segment instead (with no length or length change given).</summary>
    Segments = 1,
}
