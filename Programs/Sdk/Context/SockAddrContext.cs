using TraitsBpf.CompilerServices;

namespace TraitsBpf;

/// <summary>
/// The context of a cgroup socket-address program (<c>struct bpf_sock_addr</c>): the address a socket call is
/// about, which the program may rewrite, and what kind of socket makes it. Addresses and ports are in network
/// byte order, as the kernel holds them. Which fields a program may use depends on its hook, and the compiler
/// refuses what the kernel would: <see cref="UserIp4"/> only at the IPv4 hooks, <see cref="UserIp6"/> only at
/// the IPv6 ones, <see cref="MessageSourceIp4"/> and <see cref="MessageSourceIp6"/> only at sendmsg4 and sendmsg6,
/// <see cref="Traits"/> only at the UDP sendmsg and recvmsg hooks, <see cref="PutControlMessage"/> only at recvmsg and
/// <see cref="ReadControlMessage"/> only at sendmsg.
/// A test builds one with an object initializer and runs the program with <see cref="ManagedExecution"/>.
/// </summary>
public sealed class SockAddrContext
{
    // The series' limits on what recvmsg programs put (net/core/trait_sock.c): a payload of at most 256 bytes, and
    // 512 bytes for a read's messages, each a 4-byte entry header and its payload padded to 4 bytes.
    private const int MaxControlMessageData = 256;
    private const int ControlMessageQueueBytes = 512;
    private const int ControlMessageEntryHeader = 4;

    private readonly uint[] userIp6 = new uint[4];
    private readonly uint[] messageSourceIp6 = new uint[4];
    private readonly List<ControlMessage> putControlMessages = [];
    private PacketTraits? traits;
    private int queuedControlBytes;

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
    /// Whether the socket set <c>SO_BPF_TRAITS</c> (managed only; recvmsg): only such a socket receives the traits and
    /// the control messages a recvmsg program puts, so <see cref="PutControlMessage"/> fails without it; and UDP keeps
    /// the traits of the datagrams it queues only for such a socket, so without it <see cref="Traits"/> is empty at
    /// recvmsg whatever <see cref="TraitStore"/> says, as in the kernel.
    /// </summary>
    public bool ReceivesTraits { get; init; }

    /// <summary>
    /// The sender's control messages, in the order it gave them (managed only; sendmsg): what
    /// <see cref="ReadControlMessage"/> reads. A store in <see cref="TraitStore"/> is given by a
    /// (SOL_BPF, SO_BPF_TRAITS) message, which a test lists here too when the program reads it.
    /// </summary>
    public IReadOnlyList<ControlMessage> SentControlMessages { get; init; } = [];

    /// <summary>The control messages the program put for user space, in order, at level SOL_BPF (managed only).</summary>
    public IReadOnlyList<ControlMessage> PutControlMessages => putControlMessages;

    /// <summary>
    /// The traits of the UDP datagram the call sends or reads, through the packet-traits series'
    /// <c>bpf_sock_addr_trait_*</c> kfuncs, so under the kfunc backend only. At cgroup/sendmsg4 and sendmsg6 they are
    /// the store the datagram will leave with, which the program reads and changes (a set on a corked datagram fails
    /// with -EOPNOTSUPP); at recvmsg4 and recvmsg6 they are the store user space receives with the datagram it reads
    /// (none on a socket that did not set SO_BPF_TRAITS: UDP drops them as it queues the datagram), which the program
    /// reads and changes too: a policy can keep a trait from a service or add a verdict, and a store
    /// emptied leaves the read without traits. The datagram keeps its own store. The compiler refuses them at the other
    /// hooks. Managed: set <see cref="Hook"/>, and <see cref="TraitStore"/> for a datagram that has traits; a managed
    /// send is never corked.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="Hook"/> is not a UDP sendmsg or recvmsg hook (managed only; a compile error when compiled).</exception>
    public PacketTraits Traits { [BpfIntrinsic("traits")] get => traits ??= CreateTraits(); }

    /// <summary>The store as the program left it, header and values; empty when the datagram has none (managed only).</summary>
    public byte[] TraitStoreBytes => Traits.StoreBytes();

    /// <summary>
    /// Gives user space a control message (SOL_BPF, <paramref name="type"/>) holding <paramref name="length"/> bytes at
    /// <paramref name="data"/> with the datagram it reads (the series' <c>bpf_sock_addr_put_cmsg</c>; cgroup/recvmsg4
    /// and recvmsg6 only). The messages follow the traits, in the order the programs put them, and reach only a socket
    /// that set SO_BPF_TRAITS.
    /// </summary>
    /// <param name="type">2 to 65535: type 1, SO_BPF_TRAITS, is the datagram's traits, which <see cref="Traits"/> changes.</param>
    /// <param name="data">The payload.</param>
    /// <param name="length">Its size in bytes, at most 256.</param>
    /// <returns>0; -EINVAL for a bad type or length; -ENOSPC when the read's messages would take more than 512 bytes, a
    /// 4-byte header and the payload padded to 4 bytes each; -EOPNOTSUPP for a socket that did not set SO_BPF_TRAITS.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Hook"/> is not a recvmsg hook (managed only; a compile error when compiled).</exception>
    [Kfunc(Abi.TraitKfuncs.SockAddrPutControlMessage)]
    public unsafe int PutControlMessage(uint type, void* data, int length)
    {
        if (Hook is not (SockAddrHook.UdpRecvmsg4 or SockAddrHook.UdpRecvmsg6))
        {
            throw new InvalidOperationException($"PutControlMessage at {Hook?.ToString() ?? "an unset hook"}: {Abi.TraitKfuncs.PutControlMessageAtRecvmsgOnly}");
        }

        if (type <= Abi.TraitSocketOption.Name || type > ushort.MaxValue || length is < 0 or > MaxControlMessageData)
        {
            return -Errno.EINVAL;
        }

        if (!ReceivesTraits)
        {
            return -Errno.EOPNOTSUPP;
        }

        int space = (ControlMessageEntryHeader + length + 3) & ~3;
        if (queuedControlBytes + space > ControlMessageQueueBytes)
        {
            return -Errno.ENOSPC;
        }

        queuedControlBytes += space;
        putControlMessages.Add(new ControlMessage(Abi.TraitSocketOption.Level, (int)type, new ReadOnlySpan<byte>(data, length).ToArray()));
        return 0;
    }

    /// <summary>
    /// Copies the sender's control message <paramref name="index"/> (0 for the first), from its
    /// <see cref="ControlMessageHeader"/> on, to <paramref name="buffer"/> (the series' <c>bpf_sock_addr_cmsg_read</c>;
    /// cgroup/sendmsg4 and sendmsg6 only), cut short at <paramref name="length"/> bytes, so a policy can see what a send
    /// asks for (a TOS, a TTL, traits) and refuse it. Iterate with growing <paramref name="index"/> until -ENOENT.
    /// </summary>
    /// <returns>The message's length, header and payload (its <c>cmsg_len</c>), which may exceed
    /// <paramref name="length"/>; -ENOENT past the last message; -EINVAL when <paramref name="length"/> is smaller than a
    /// header (16 bytes).</returns>
    /// <exception cref="InvalidOperationException"><see cref="Hook"/> is not a sendmsg hook (managed only; a compile error when compiled).</exception>
    [Kfunc(Abi.TraitKfuncs.SockAddrReadControlMessage)]
    public unsafe int ReadControlMessage(uint index, void* buffer, int length)
    {
        if (Hook is not (SockAddrHook.UdpSendmsg4 or SockAddrHook.UdpSendmsg6))
        {
            throw new InvalidOperationException($"ReadControlMessage at {Hook?.ToString() ?? "an unset hook"}: {Abi.TraitKfuncs.ReadControlMessageAtSendmsgOnly}");
        }

        if (length < sizeof(ControlMessageHeader))
        {
            return -Errno.EINVAL;
        }

        if (index >= SentControlMessages.Count)
        {
            return -Errno.ENOENT;
        }

        var message = SentControlMessages[(int)index];
        var bytes = new byte[sizeof(ControlMessageHeader) + message.Data.Length];
        fixed (byte* p = bytes)
        {
            *(ControlMessageHeader*)p = new ControlMessageHeader { Length = (ulong)bytes.Length, Level = message.Level, Type = message.Type };
        }

        message.Data.CopyTo(bytes, sizeof(ControlMessageHeader));
        bytes.AsSpan(0, Math.Min(bytes.Length, length)).CopyTo(new Span<byte>(buffer, length));
        return bytes.Length;
    }

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

        // UDP drops the traits of a datagram queued on a socket that did not set SO_BPF_TRAITS (unless an IPsec
        // secpath keeps its extensions), so that socket's recvmsg programs find none.
        SockAddrHook.UdpRecvmsg4 or SockAddrHook.UdpRecvmsg6 => new PacketTraits(new ExtensionTraitStorage(ReceivesTraits ? TraitStore : null)),
        null => throw new InvalidOperationException("ctx.Traits: set the context's Hook to the hook the program runs at (UdpSendmsg4, UdpRecvmsg4, ...)"),
        _ => throw new InvalidOperationException($"ctx.Traits at {Hook}: {Abi.TraitKfuncs.SockAddrWithoutDatagram}"),
    };
}
