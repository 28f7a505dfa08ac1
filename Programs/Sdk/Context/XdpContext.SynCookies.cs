using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>The SYN cookie helpers of an XDP program that need no listening socket.</summary>
public sealed unsafe partial class XdpContext
{
    /// <summary>
    /// Issues a SYN cookie for the SYN whose IPv4 header is <paramref name="ip"/> and whose TCP header, options
    /// included, is the <paramref name="tcpHeaderLength"/> bytes at <paramref name="tcp"/>
    /// (bpf_tcp_raw_gen_syncookie_ipv4), as a SYN proxy answers a SYN without keeping state: the cookie to send as the
    /// SYN-ACK's sequence number and the MSS it encodes (the SYN's MSS option, 536 without one, rounded down to 536,
    /// 1300, 1440 or 1460). The error is -EINVAL when the length is not the header's own (data offset × 4) or is under
    /// 20. The verifier checks that all <paramref name="tcpHeaderLength"/> bytes are readable: when the packet may be
    /// shorter than the longest header the length can be (60 for <c>tcp->HeaderLength</c>), copy the header into a
    /// local first (<see cref="LoadBytes"/>). Managed: <see cref="ManagedExecution.SynCookies"/> makes the cookie.
    /// </summary>
    [BpfIntrinsic("syncookie.raw_gen_ipv4", Helper = BpfHelper.TcpRawGenSyncookieIpv4)]
    public SynCookie GenerateSynCookie(IPv4Header* ip, TcpHeader* tcp, int tcpHeaderLength) => SynCookieHelpers.RawGenerate(ip, tcp, tcpHeaderLength);

    /// <summary>
    /// As <see cref="GenerateSynCookie(IPv4Header*, TcpHeader*, int)"/>, for an IPv6 SYN
    /// (bpf_tcp_raw_gen_syncookie_ipv6): the MSS is 1220 without an option and is rounded down to 1220, 1420, 1440 or 8940.
    /// </summary>
    [BpfIntrinsic("syncookie.raw_gen_ipv6", Helper = BpfHelper.TcpRawGenSyncookieIpv6)]
    public SynCookie GenerateSynCookie(IPv6Header* ip, TcpHeader* tcp, int tcpHeaderLength) => SynCookieHelpers.RawGenerate(ip, tcp, tcpHeaderLength);

    /// <summary>
    /// Whether the packet with IPv4 header <paramref name="ip"/> and TCP header <paramref name="tcp"/> (its first 20
    /// bytes are read) acknowledges a SYN cookie this kernel issued for the flow in the last minute or two, plus one,
    /// with a sequence number one past the SYN's (bpf_tcp_raw_check_syncookie_ipv4): 0 when it does, else -EACCES.
    /// The flags are not looked at. Managed: checked against <see cref="ManagedExecution.SynCookies"/>.
    /// </summary>
    [BpfIntrinsic("syncookie.raw_check_ipv4", Helper = BpfHelper.TcpRawCheckSyncookieIpv4)]
    public int CheckSynCookie(IPv4Header* ip, TcpHeader* tcp) => SynCookieHelpers.RawCheck(ip, tcp);

    /// <summary>As <see cref="CheckSynCookie(IPv4Header*, TcpHeader*)"/>, for an IPv6 packet (bpf_tcp_raw_check_syncookie_ipv6).</summary>
    [BpfIntrinsic("syncookie.raw_check_ipv6", Helper = BpfHelper.TcpRawCheckSyncookieIpv6)]
    public int CheckSynCookie(IPv6Header* ip, TcpHeader* tcp) => SynCookieHelpers.RawCheck(ip, tcp);
}
