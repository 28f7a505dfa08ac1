namespace TraitsBpf;

/// <summary>The kernel's <c>struct inet_connection_sock</c>: a connection-oriented <see cref="InetSock"/> (TCP, MPTCP).</summary>
[KernelType("inet_connection_sock")]
public struct InetConnectionSock
{
    /// <summary>The IP socket (<c>icsk_inet</c>).</summary>
    [KernelField("icsk_inet")]
    public InetSock Inet;

    /// <summary>The retransmission timeout in jiffies (<c>icsk_rto</c>).</summary>
    [KernelField("icsk_rto")]
    public uint RetransmitTimeout;

    /// <summary>The path MTU the socket last sized its segments for (<c>icsk_pmtu_cookie</c>, TCP_INFO's <c>tcpi_pmtu</c>).</summary>
    [KernelField("icsk_pmtu_cookie")]
    public uint PathMtu;

    /// <summary>Retransmissions of the current timeout (<c>icsk_retransmits</c>).</summary>
    [KernelField("icsk_retransmits")]
    public byte Retransmits;
}
