using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>The SYN cookie helpers of a TC program that need no listening socket.</summary>
public sealed unsafe partial class TcContext
{
    /// <summary>
    /// Issues a SYN cookie for an IPv4 SYN (bpf_tcp_raw_gen_syncookie_ipv4); see
    /// <see cref="XdpContext.GenerateSynCookie(IPv4Header*, TcpHeader*, int)"/>. When the packet may be shorter than the
    /// longest header the length can be, copy the header into a local first (<see cref="LoadBytes"/>).
    /// </summary>
    [BpfIntrinsic("syncookie.raw_gen_ipv4", Helper = BpfHelper.TcpRawGenSyncookieIpv4)]
    public SynCookie GenerateSynCookie(IPv4Header* ip, TcpHeader* tcp, int tcpHeaderLength) => SynCookieHelpers.RawGenerate(ip, tcp, tcpHeaderLength);

    /// <summary>Issues a SYN cookie for an IPv6 SYN (bpf_tcp_raw_gen_syncookie_ipv6); see <see cref="XdpContext.GenerateSynCookie(IPv6Header*, TcpHeader*, int)"/>.</summary>
    [BpfIntrinsic("syncookie.raw_gen_ipv6", Helper = BpfHelper.TcpRawGenSyncookieIpv6)]
    public SynCookie GenerateSynCookie(IPv6Header* ip, TcpHeader* tcp, int tcpHeaderLength) => SynCookieHelpers.RawGenerate(ip, tcp, tcpHeaderLength);

    /// <summary>
    /// Whether an IPv4 packet acknowledges a SYN cookie plus one (bpf_tcp_raw_check_syncookie_ipv4): 0, else -EACCES;
    /// see <see cref="XdpContext.CheckSynCookie(IPv4Header*, TcpHeader*)"/>.
    /// </summary>
    [BpfIntrinsic("syncookie.raw_check_ipv4", Helper = BpfHelper.TcpRawCheckSyncookieIpv4)]
    public int CheckSynCookie(IPv4Header* ip, TcpHeader* tcp) => SynCookieHelpers.RawCheck(ip, tcp);

    /// <summary>As <see cref="CheckSynCookie(IPv4Header*, TcpHeader*)"/>, for an IPv6 packet (bpf_tcp_raw_check_syncookie_ipv6).</summary>
    [BpfIntrinsic("syncookie.raw_check_ipv6", Helper = BpfHelper.TcpRawCheckSyncookieIpv6)]
    public int CheckSynCookie(IPv6Header* ip, TcpHeader* tcp) => SynCookieHelpers.RawCheck(ip, tcp);
}
