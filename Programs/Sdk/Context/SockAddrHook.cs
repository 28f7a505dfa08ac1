namespace TraitsBpf;

/// <summary>
/// The cgroup socket-address hook a <c>[CgroupSockAddr]</c> program runs at (the kernel's attach type,
/// BPF_CGROUP_*). Each hook is one ELF section, <c>cgroup/&lt;hook&gt;</c>, as libbpf names them.
/// </summary>
public enum SockAddrHook
{
    /// <summary><c>cgroup/bind4</c>: bind() of an IPv4 socket (BPF_CGROUP_INET4_BIND).</summary>
    Bind4,
    /// <summary><c>cgroup/bind6</c>: bind() of an IPv6 socket (BPF_CGROUP_INET6_BIND).</summary>
    Bind6,
    /// <summary><c>cgroup/connect4</c>: connect() of an IPv4 socket (BPF_CGROUP_INET4_CONNECT).</summary>
    Connect4,
    /// <summary><c>cgroup/connect6</c>: connect() of an IPv6 socket (BPF_CGROUP_INET6_CONNECT).</summary>
    Connect6,
    /// <summary><c>cgroup/sendmsg4</c>: a UDP send on an IPv4 socket, before routing (BPF_CGROUP_UDP4_SENDMSG).</summary>
    UdpSendmsg4,
    /// <summary><c>cgroup/sendmsg6</c>: a UDP send on an IPv6 socket, before routing (BPF_CGROUP_UDP6_SENDMSG).</summary>
    UdpSendmsg6,
    /// <summary><c>cgroup/recvmsg4</c>: the source address a UDP receive on an IPv4 socket reports (BPF_CGROUP_UDP4_RECVMSG).</summary>
    UdpRecvmsg4,
    /// <summary><c>cgroup/recvmsg6</c>: the source address a UDP receive on an IPv6 socket reports (BPF_CGROUP_UDP6_RECVMSG).</summary>
    UdpRecvmsg6,
    /// <summary><c>cgroup/getpeername4</c>: the address getpeername() reports on an IPv4 socket (BPF_CGROUP_INET4_GETPEERNAME).</summary>
    GetPeerName4,
    /// <summary><c>cgroup/getpeername6</c>: the address getpeername() reports on an IPv6 socket (BPF_CGROUP_INET6_GETPEERNAME).</summary>
    GetPeerName6,
    /// <summary><c>cgroup/getsockname4</c>: the address getsockname() reports on an IPv4 socket (BPF_CGROUP_INET4_GETSOCKNAME).</summary>
    GetSockName4,
    /// <summary><c>cgroup/getsockname6</c>: the address getsockname() reports on an IPv6 socket (BPF_CGROUP_INET6_GETSOCKNAME).</summary>
    GetSockName6,
}
