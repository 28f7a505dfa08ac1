namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>The program kinds of the samples: XDP and TC the harness runs both ways; the others it compares as objects.</summary>
public enum SampleKind
{
    /// <summary>An [Xdp] program over an <see cref="XdpContext"/>.</summary>
    Xdp,

    /// <summary>A [Tc] program over a <see cref="TcContext"/>.</summary>
    Tc,

    /// <summary>
    /// A [CgroupSockAddr] program over a <see cref="SockAddrContext"/>: no packets, and BPF_PROG_TEST_RUN cannot run it,
    /// so the harness compares its object with the C twin's instead (see <see cref="Kernel.TestRunInputs.CanTestRun"/>).
    /// </summary>
    CgroupSockAddr,
}
