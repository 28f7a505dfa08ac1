using System.Diagnostics.CodeAnalysis;

namespace TraitsBpf;

/// <summary>
/// The kernel's <c>struct mptcp_sock</c>, an MPTCP connection, as <see cref="BpfSocket.ToMptcpSock"/> returns it for
/// one of its TCP subflows: the connection's token, keys and 64-bit data sequence numbers (MPTCP_INFO reports some).
/// </summary>
[KernelType("mptcp_sock")]
public struct MptcpSock
{
    /// <summary>The connection's own socket (<c>sk</c>), whose protocol is IPPROTO_MPTCP (262).</summary>
    [KernelField("sk")]
    public InetConnectionSock Connection;

    /// <summary>The connection's token (<c>token</c>, MPTCP_INFO's <c>mptcpi_token</c>).</summary>
    [KernelField("token")]
    public uint Token;

    /// <summary>This end's key (<c>local_key</c>).</summary>
    [KernelField("local_key")]
    public ulong LocalKey;

    /// <summary>The peer's key (<c>remote_key</c>).</summary>
    [KernelField("remote_key")]
    public ulong RemoteKey;

    /// <summary>The data sequence number after the last byte written (<c>write_seq</c>, <c>mptcpi_write_seq</c>).</summary>
    [KernelField("write_seq")]
    public ulong WriteSequence;

    /// <summary>The next data sequence number to send (<c>snd_nxt</c>).</summary>
    [KernelField("snd_nxt")]
    public ulong SendNext;

    /// <summary>The first data sequence number not yet acknowledged (<c>snd_una</c>, <c>mptcpi_snd_una</c>).</summary>
    [KernelField("snd_una")]
    public ulong SendUnacknowledged;

    /// <summary>The next data sequence number expected from the peer (<c>ack_seq</c>, <c>mptcpi_rcv_nxt</c>).</summary>
    [KernelField("ack_seq")]
    public ulong AckSequence;

    /// <summary>Bytes of data sent (<c>bytes_sent</c>).</summary>
    [KernelField("bytes_sent")]
    public ulong BytesSent;

    /// <summary>Bytes of data received (<c>bytes_received</c>).</summary>
    [KernelField("bytes_received")]
    public ulong BytesReceived;

    /// <summary>Bytes of data the peer acknowledged (<c>bytes_acked</c>).</summary>
    [KernelField("bytes_acked")]
    public ulong BytesAcknowledged;

    /// <summary>The connection's socket: its protocol (IPPROTO_MPTCP), type, mark, buffers.</summary>
    [UnscopedRef]
    public readonly ref readonly Sock Sock => ref Connection.Inet.Sock;

    /// <summary>The addresses, ports, family and state.</summary>
    [UnscopedRef]
    public readonly ref readonly SockCommon Common => ref Connection.Inet.Sock.Common;
}
