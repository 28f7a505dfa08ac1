namespace TraitsBpf;

/// <summary>The kernel's <c>struct request_sock</c>: a connection request a listener received (a SYN), before the handshake ends.</summary>
[KernelType("request_sock")]
public struct RequestSock
{
    /// <summary>Addresses, ports, family and state (<see cref="SocketState.NewSynReceived"/>) (<c>__req_common</c>).</summary>
    [KernelField("__req_common")]
    public SockCommon Common;

    /// <summary>The MSS the peer's SYN announced, clamped (<c>mss</c>).</summary>
    [KernelField("mss")]
    public ushort Mss;

    /// <summary>SYN-ACKs retransmitted (<c>num_retrans</c>).</summary>
    [KernelField("num_retrans")]
    public byte Retransmits;
}
