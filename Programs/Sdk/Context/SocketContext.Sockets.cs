using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>The identity of the socket a socket filter runs for.</summary>
public sealed unsafe partial class SocketContext
{
    /// <summary>
    /// The cookie of the socket the filter runs for (bpf_get_socket_cookie): unique to it for as long as the
    /// system runs. Managed: <see cref="SocketCookie"/>, which a test sets.
    /// </summary>
    [BpfHelper(BpfHelper.GetSocketCookie)]
    public ulong GetSocketCookie() => SocketCookie;

    /// <summary>The user id owning the socket (bpf_get_socket_uid). Managed: <see cref="SocketUid"/>, which a test sets.</summary>
    [BpfHelper(BpfHelper.GetSocketUid)]
    public uint GetSocketUid() => SocketUid;

    /// <summary>
    /// The socket the filter runs for (<c>skb->sk</c>, which the kernel points at the filtering socket while the filter
    /// runs): a TCP, UDP or unix socket the filter is attached to. It holds no reference (never release it);
    /// <see cref="BpfSocketCommon.ToUnixSock"/> and the other casts tell its kind. In the kernel's test run it is a
    /// socket the run makes up, of the packet's family and no protocol. Managed: a <see cref="SocketTable"/> entry the
    /// test sets (null by default).
    /// </summary>
    public BpfSocketCommon* Socket { [BpfIntrinsic("__sk_buff.sk")] get; set; }

    /// <summary>
    /// The cookie of the network namespace the packet is in (bpf_get_netns_cookie, which Linux 6.18 lets socket filters call and 6.12
    /// did not): what <c>getsockopt(SO_NETNS_COOKIE)</c> gives for a socket there, unique to the namespace for as long
    /// as the system runs. Managed: <see cref="NetnsCookie"/>, which a test sets.
    /// </summary>
    [BpfHelper(BpfHelper.GetNetnsCookie)]
    public ulong GetNetnsCookie() => NetnsCookie;

    /// <summary>Managed execution's input: the cookie <see cref="GetSocketCookie"/> returns (the kernel's is its own).</summary>
    public ulong SocketCookie { get; set; }

    /// <summary>Managed execution's input: the cookie <see cref="GetNetnsCookie"/> returns.</summary>
    public ulong NetnsCookie { get; set; }

    /// <summary>Managed execution's input: the uid <see cref="GetSocketUid"/> returns.</summary>
    public uint SocketUid { get; set; } = SocketTable.OverflowUid;
}
