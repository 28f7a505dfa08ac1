using System.Diagnostics.CodeAnalysis;

namespace TraitsBpf;

/// <summary>
/// The kernel's <c>struct tcp_sock</c>, a full TCP socket, as <see cref="BpfSocket.ToTcpSock"/> returns it: the
/// connection's sequence numbers, window, round trip time and counters (TCP_INFO reports most of them), each read a
/// CO-RE relocation. Sequence numbers are host byte order. Read only; valid as long as the socket it came from.
/// </summary>
[KernelType("tcp_sock")]
public struct TcpSock
{
    /// <summary>The connection socket it extends (<c>inet_conn</c>); <see cref="Common"/> and <see cref="Sock"/> reach into it.</summary>
    [KernelField("inet_conn")]
    public InetConnectionSock Connection;

    /// <summary>The sending congestion window, in segments (<c>snd_cwnd</c>, TCP_INFO's <c>tcpi_snd_cwnd</c>).</summary>
    [KernelField("snd_cwnd")]
    public uint SendCongestionWindow;

    /// <summary>The slow start threshold (<c>snd_ssthresh</c>).</summary>
    [KernelField("snd_ssthresh")]
    public uint SendSlowStartThreshold;

    /// <summary>The smoothed round trip time in microseconds, shifted left by 3 (<c>srtt_us</c>; TCP_INFO's <c>tcpi_rtt</c> is it shifted back).</summary>
    [KernelField("srtt_us")]
    public uint SmoothedRttMicroseconds;

    /// <summary>The cached effective MSS (<c>mss_cache</c>): what TCP_MAXSEG reads on a connected socket.</summary>
    [KernelField("mss_cache")]
    public uint MssCache;

    /// <summary>The MSS the socket advertised (<c>advmss</c>).</summary>
    [KernelField("advmss")]
    public ushort AdvertisedMss;

    /// <summary>The next sequence number the socket expects to receive (<c>rcv_nxt</c>).</summary>
    [KernelField("rcv_nxt")]
    public uint ReceiveNext;

    /// <summary>The sequence number after the last byte the application has read (<c>copied_seq</c>).</summary>
    [KernelField("copied_seq")]
    public uint CopiedSequence;

    /// <summary>The next sequence number the socket sends (<c>snd_nxt</c>).</summary>
    [KernelField("snd_nxt")]
    public uint SendNext;

    /// <summary>The first sequence number not yet acknowledged (<c>snd_una</c>).</summary>
    [KernelField("snd_una")]
    public uint SendUnacknowledged;

    /// <summary>The sequence number after the last byte the application has written (<c>write_seq</c>).</summary>
    [KernelField("write_seq")]
    public uint WriteSequence;

    /// <summary>The send window the peer advertised, scaled (<c>snd_wnd</c>).</summary>
    [KernelField("snd_wnd")]
    public uint SendWindow;

    /// <summary>The receive window the socket advertises (<c>rcv_wnd</c>).</summary>
    [KernelField("rcv_wnd")]
    public uint ReceiveWindow;

    /// <summary>Packets in flight (<c>packets_out</c>, TCP_INFO's <c>tcpi_unacked</c>).</summary>
    [KernelField("packets_out")]
    public uint PacketsOut;

    /// <summary>Segments received (<c>segs_in</c>).</summary>
    [KernelField("segs_in")]
    public uint SegmentsIn;

    /// <summary>Segments sent (<c>segs_out</c>).</summary>
    [KernelField("segs_out")]
    public uint SegmentsOut;

    /// <summary>Segments with data received (<c>data_segs_in</c>).</summary>
    [KernelField("data_segs_in")]
    public uint DataSegmentsIn;

    /// <summary>Segments with data sent (<c>data_segs_out</c>).</summary>
    [KernelField("data_segs_out")]
    public uint DataSegmentsOut;

    /// <summary>Bytes of data received and acknowledged (<c>bytes_received</c>).</summary>
    [KernelField("bytes_received")]
    public ulong BytesReceived;

    /// <summary>Bytes of data the peer acknowledged (<c>bytes_acked</c>).</summary>
    [KernelField("bytes_acked")]
    public ulong BytesAcknowledged;

    /// <summary>Bytes of data sent, retransmissions included (<c>bytes_sent</c>).</summary>
    [KernelField("bytes_sent")]
    public ulong BytesSent;

    /// <summary>Retransmitted segments over the connection's life (<c>total_retrans</c>).</summary>
    [KernelField("total_retrans")]
    public uint TotalRetransmits;

    /// <summary>Data packets delivered, retransmissions included (<c>delivered</c>).</summary>
    [KernelField("delivered")]
    public uint Delivered;

    /// <summary>The socket (<c>inet_conn.icsk_inet.sk</c>): its protocol, type, mark, buffers.</summary>
    [UnscopedRef]
    public readonly ref readonly Sock Sock => ref Connection.Inet.Sock;

    /// <summary>The addresses, ports, family and state (<c>inet_conn.icsk_inet.sk.__sk_common</c>).</summary>
    [UnscopedRef]
    public readonly ref readonly SockCommon Common => ref Connection.Inet.Sock.Common;
}
