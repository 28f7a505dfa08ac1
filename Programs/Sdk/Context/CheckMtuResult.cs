namespace TraitsBpf;

/// <summary>What <see cref="TcContext.CheckMtu"/> found when it did not fail (<c>enum bpf_check_mtu_ret</c>).</summary>
public static class CheckMtuResult
{
    /// <summary>BPF_MTU_CHK_RET_SUCCESS: the packet fits the MTU.</summary>
    public const int Fits = 0;

    /// <summary>BPF_MTU_CHK_RET_FRAG_NEEDED: the packet is longer than the MTU allows.</summary>
    public const int FragmentationNeeded = 1;

    /// <summary>BPF_MTU_CHK_RET_SEGS_TOOBIG: a GSO segment would be longer than the MTU allows.</summary>
    public const int SegmentsTooBig = 2;
}
