namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>The program kinds the harness runs both ways.</summary>
public enum SampleKind
{
    /// <summary>An [Xdp] program over an <see cref="XdpContext"/>.</summary>
    Xdp,

    /// <summary>A [Tc] program over a <see cref="TcContext"/>.</summary>
    Tc,
}
