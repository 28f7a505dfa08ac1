namespace TraitsBpf;

/// <summary>
/// What <see cref="BpfSocket.GenerateSynCookie(IPv4Header*, TcpHeader*, int)"/> and
/// <see cref="BpfSocket.CheckSynCookie(IPv4Header*, TcpHeader*, int)"/> read from a listening socket besides its
/// <c>struct bpf_sock</c> fields, for managed execution: a test states them as the kernel's listener would have them
/// (<see cref="SynCookieJar.Listener"/>). A listener is modelled without SO_REUSEPORT, whose group keeps its own
/// overflow time.
/// </summary>
public sealed class SynCookieListener
{
    /// <summary>
    /// Whether the listener's SYN queue is full (inet_csk_reqsk_queue_is_full): with net.ipv4.tcp_syncookies at 1
    /// a cookie is issued only then. Default false.
    /// </summary>
    public bool RequestQueueFull { get; set; }

    /// <summary>Whether the listener's accept queue is full (sk_acceptq_is_full): then no cookie is issued. Default false.</summary>
    public bool AcceptQueueFull { get; set; }

    /// <summary>The MSS the listener's owner set with TCP_MAXSEG, which caps the SYN's; 0 (the default) when none.</summary>
    public ushort UserMss { get; set; }

    /// <summary>Whether an IPv6 listener takes IPv6 only (IPV6_V6ONLY), so that IPv4 headers are refused. Default false.</summary>
    public bool IPv6Only { get; set; }

    /// <summary>
    /// The 32-bit jiffies of the last cookie issued on the listener (the kernel keeps it in
    /// <c>tcp_sock.rx_opt.ts_recent_stamp</c>), 0 for a listener that has issued none; a cookie is accepted only
    /// within two minutes of one being issued.
    /// </summary>
    public uint LastOverflow { get; internal set; }
}
