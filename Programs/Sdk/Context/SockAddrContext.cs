using TraitsBpf.CompilerServices;

namespace TraitsBpf;

/// <summary>
/// The context of a cgroup socket-address program (<c>struct bpf_sock_addr</c>): the address a socket call is
/// about, which the program may rewrite, and what kind of socket makes it. Addresses and ports are in network
/// byte order, as the kernel holds them. Which fields a program may use depends on its hook, and the compiler
/// refuses what the kernel would: <see cref="UserIp4"/> only at the IPv4 hooks, <see cref="UserIp6"/> only at
/// the IPv6 ones, <see cref="MessageSourceIp4"/> and <see cref="MessageSourceIp6"/> only at sendmsg4 and sendmsg6,
/// <see cref="Traits"/> only at the UDP sendmsg and recvmsg hooks.
/// A test builds one with an object initializer and runs the program with <see cref="ManagedExecution"/>.
/// </summary>
public sealed class SockAddrContext
{
    private readonly uint[] userIp6 = new uint[4];
    private readonly uint[] messageSourceIp6 = new uint[4];
    private PacketTraits? traits;

    /// <summary>
    /// The hook the context is for (managed only: a compiled program's hook is its attribute's). It decides what
    /// <see cref="Traits"/> allows, as the kernel decides for the compiled program.
    /// </summary>
    public SockAddrHook? Hook { get; init; }

    /// <summary>
    /// The traits of the datagram in hand, header and values (managed only): at sendmsg the store the sender gave in
    /// its (SOL_BPF, SO_BPF_TRAITS) control message, at recvmsg the traits of the datagram being read; null or empty
    /// for none.
    /// </summary>
    public byte[]? TraitStore { get; init; }

    /// <summary>
    /// The traits of the UDP datagram the call sends or reads, through the packet-traits series'
    /// <c>bpf_sock_addr_trait_*</c> kfuncs, so under the kfunc backend only. At cgroup/sendmsg4 and sendmsg6 they are
    /// the store the datagram will leave with, which the program reads and changes (a set on a corked datagram fails
    /// with -EOPNOTSUPP); at recvmsg4 and recvmsg6 they are the traits of the datagram being read, and only read, since
    /// user space's control message is built before the hook runs. The compiler refuses them at the other hooks.
    /// Managed: set <see cref="Hook"/>, and <see cref="TraitStore"/> for a datagram that has traits; a managed send is
    /// never corked.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="Hook"/> is not a UDP sendmsg or recvmsg hook (managed only; a compile error when compiled).</exception>
    public PacketTraits Traits { [BpfIntrinsic("traits")] get => traits ??= CreateTraits(); }

    /// <summary>The store as the program left it, header and values; empty when the datagram has none (managed only).</summary>
    public byte[] TraitStoreBytes => Traits.StoreBytes();

    /// <summary>The address family the caller passed (AF_INET 2, AF_INET6 10); read-only.</summary>
    public uint UserFamily { [BpfIntrinsic("bpf_sock_addr.user_family")] get; init; }

    /// <summary>The IPv4 address of the call (network byte order): the destination of a connect or send, the local address of a bind, the source a receive reports; IPv4 hooks only.</summary>
    public uint UserIp4 { [BpfIntrinsic("bpf_sock_addr.user_ip4")] get; [BpfIntrinsic("bpf_sock_addr.user_ip4")] set; }

    /// <summary>The port of the call in network byte order, in the low 16 bits.</summary>
    public uint UserPort { [BpfIntrinsic("bpf_sock_addr.user_port")] get; [BpfIntrinsic("bpf_sock_addr.user_port")] set; }

    /// <summary>The socket's address family (AF_INET 2, AF_INET6 10); read-only.</summary>
    public uint Family { [BpfIntrinsic("bpf_sock_addr.family")] get; init; }

    /// <summary>The socket's type (SOCK_STREAM 1, SOCK_DGRAM 2); read-only.</summary>
    public uint Type { [BpfIntrinsic("bpf_sock_addr.type")] get; init; }

    /// <summary>The socket's protocol (IPPROTO_TCP 6, IPPROTO_UDP 17); read-only.</summary>
    public uint Protocol { [BpfIntrinsic("bpf_sock_addr.protocol")] get; init; }

    /// <summary>The IPv4 source address the sender asked for (IP_PKTINFO; network byte order, 0 when none); sendmsg4 only.</summary>
    public uint MessageSourceIp4 { [BpfIntrinsic("bpf_sock_addr.msg_src_ip4")] get; [BpfIntrinsic("bpf_sock_addr.msg_src_ip4")] set; }

    /// <summary>Word <paramref name="index"/> (0 to 3, a constant) of the call's IPv6 address, network byte order; IPv6 hooks only.</summary>
    [BpfIntrinsic("bpf_sock_addr.user_ip6")]
    public uint UserIp6(int index) => userIp6[index];

    /// <summary>Sets word <paramref name="index"/> (0 to 3, a constant) of the call's IPv6 address; IPv6 hooks only.</summary>
    [BpfIntrinsic("bpf_sock_addr.user_ip6")]
    public void SetUserIp6(int index, uint value) => userIp6[index] = value;

    /// <summary>Word <paramref name="index"/> (0 to 3, a constant) of the IPv6 source address the sender asked for; sendmsg6 only.</summary>
    [BpfIntrinsic("bpf_sock_addr.msg_src_ip6")]
    public uint MessageSourceIp6(int index) => messageSourceIp6[index];

    /// <summary>Sets word <paramref name="index"/> (0 to 3, a constant) of the IPv6 source address of the send; sendmsg6 only.</summary>
    [BpfIntrinsic("bpf_sock_addr.msg_src_ip6")]
    public void SetMessageSourceIp6(int index, uint value) => messageSourceIp6[index] = value;

    private PacketTraits CreateTraits() => Hook switch
    {
        SockAddrHook.UdpSendmsg4 or SockAddrHook.UdpSendmsg6 => new PacketTraits(new ExtensionTraitStorage(TraitStore)),
        SockAddrHook.UdpRecvmsg4 or SockAddrHook.UdpRecvmsg6 =>
            new PacketTraits(new ExtensionTraitStorage(TraitStore), Abi.TraitKfuncs.RecvmsgReadsOnly),
        null => throw new InvalidOperationException("ctx.Traits: set the context's Hook to the hook the program runs at (UdpSendmsg4, UdpRecvmsg4, ...)"),
        _ => throw new InvalidOperationException($"ctx.Traits at {Hook}: {Abi.TraitKfuncs.SockAddrWithoutDatagram}"),
    };
}
