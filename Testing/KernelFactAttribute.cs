using Xunit;

namespace TraitsBpf.Testing;

/// <summary>
/// A fact that needs this machine's kernel (loading programs, BPF_PROG_TEST_RUN, veth pairs):
/// it runs as root and is skipped, with the reason, otherwise.
/// </summary>
public sealed class KernelFactAttribute : FactAttribute
{
    /// <summary>Marks the test as needing root, skipping it when the process is not privileged.</summary>
    public KernelFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = SkipReason;
    }

    /// <summary>Why a kernel test is skipped when not root.</summary>
    public const string SkipReason = "needs root (CAP_BPF and CAP_NET_ADMIN) to load BPF programs into this machine's kernel; run the tests as root";
}
