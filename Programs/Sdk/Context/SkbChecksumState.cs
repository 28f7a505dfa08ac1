namespace TraitsBpf;

/// <summary>
/// skb->ip_summed and skb->csum_level as bpf_csum_level reads and changes them (include/linux/skbuff.h, Linux 6.12).
/// A packet starts as CHECKSUM_NONE, which is what BPF_PROG_TEST_RUN gives it; managed execution never has a
/// CHECKSUM_COMPLETE packet, whose skb->csum every packet edit would have to keep, so bpf_csum_update always fails here.
/// </summary>
internal sealed class SkbChecksumState
{
    /// <summary>SKB_MAX_CSUM_LEVEL.</summary>
    private const uint MaxLevel = 3;

    private bool unnecessary;
    private uint level;

    /// <summary>bpf_csum_level.</summary>
    public long Apply(ChecksumLevelOperation operation)
    {
        switch (operation)
        {
            case ChecksumLevelOperation.Increment when unnecessary:
                level = Math.Min(level + 1, MaxLevel);
                return 0;
            case ChecksumLevelOperation.Increment:
                unnecessary = true;
                level = 0;
                return 0;
            case ChecksumLevelOperation.Decrement when unnecessary:
                unnecessary = level != 0;
                level = level == 0 ? 0 : level - 1;
                return 0;
            case ChecksumLevelOperation.Decrement:
                return 0;
            case ChecksumLevelOperation.Reset:
                ResetUnnecessary();
                return 0;
            case ChecksumLevelOperation.Query:
                return unnecessary ? level : -Errno.EACCES;
            default:
                return -Errno.EINVAL;
        }
    }

    /// <summary>__skb_reset_checksum_unnecessary.</summary>
    public void ResetUnnecessary()
    {
        unnecessary = false;
        level = 0;
    }

    /// <summary>bpf_csum_update: only a CHECKSUM_COMPLETE packet has a checksum to add to, and managed packets never are.</summary>
    public static long Update() => -Errno.ENOTSUPP;
}
