using System.Diagnostics.CodeAnalysis;

namespace TraitsBpf;

/// <summary>
/// The kernel's <c>struct tcp_request_sock</c>, a TCP connection request between the SYN and the handshake's last ACK,
/// as <see cref="BpfSocketCommon.ToTcpRequestSock"/> returns it (at TC egress, the SYN-ACK's socket is one).
/// </summary>
[KernelType("tcp_request_sock")]
public struct TcpRequestSock
{
    /// <summary>The IP request (<c>req</c>).</summary>
    [KernelField("req")]
    public InetRequestSock InetRequest;

    /// <summary>The peer's initial sequence number, from its SYN (<c>rcv_isn</c>).</summary>
    [KernelField("rcv_isn")]
    public uint ReceiveInitialSequence;

    /// <summary>The listener's initial sequence number, its SYN-ACK's (<c>snt_isn</c>).</summary>
    [KernelField("snt_isn")]
    public uint SendInitialSequence;

    /// <summary>The next sequence number expected from the peer, one past its SYN (<c>rcv_nxt</c>).</summary>
    [KernelField("rcv_nxt")]
    public uint ReceiveNext;

    /// <summary>The request (<c>req.req</c>): its MSS and retransmissions.</summary>
    [UnscopedRef]
    public readonly ref readonly RequestSock Request => ref InetRequest.Request;

    /// <summary>The addresses, ports, family and state.</summary>
    [UnscopedRef]
    public readonly ref readonly SockCommon Common => ref InetRequest.Request.Common;
}
