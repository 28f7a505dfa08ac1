using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// The sockets the socket lookups find when a program runs as managed code: a test puts in what the
/// kernel's tables would hold (the way <see cref="FibRoutes"/> feeds FibLookup); a lookup that matches
/// none returns null, never a made-up socket. It also counts the references lookups took and
/// <see cref="BpfSocket.Release"/> gave back, so a test can see that a run released what it acquired, and holds the
/// kernel's own struct of each socket the test describes one for (<see cref="SetKernelSocket{TView}"/>), which the
/// socket casts (<see cref="BpfSocket.ToTcpSock"/>, ...) return.
/// </summary>
/// <remarks>
/// Matching follows the kernel's order for the sockets it is given: for TCP a connected socket whose four
/// addresses and ports match the tuple, else a listener on the tuple's destination port bound to its
/// destination address or to any; for UDP the most specific match (bound address, then connected peer).
/// The family must be the tuple's: a dual-stack IPv6 socket does not answer an IPv4 lookup here.
/// </remarks>
public static unsafe class SocketTable
{
    /// <summary>IPPROTO_TCP, as lookups compare <see cref="BpfSocket.Protocol"/>.</summary>
    internal const int Tcp = 6;

    /// <summary>IPPROTO_UDP.</summary>
    internal const int Udp = 17;

    /// <summary>The uid bpf_get_socket_uid gives a packet without a full socket (the kernel's overflowuid).</summary>
    internal const uint OverflowUid = 65534;

    private const int AfInet = 2;
    private const int AfInet6 = 10;

    private static readonly List<nint> Sockets = [];
    private static readonly Dictionary<nint, nint> TcpViews = [];
    private static readonly Dictionary<nint, KernelSocket> KernelSockets = [];
    private static readonly Dictionary<nint, nint> MptcpConnections = [];
    private static readonly Dictionary<nint, int> References = [];

    /// <summary>References lookups took that were not released yet.</summary>
    public static int HeldReferences => References.Values.Sum();

    /// <summary>
    /// Adds <paramref name="socket"/> (its fields as the kernel's <c>struct bpf_sock</c> shows them) and, for a
    /// TCP socket, what <see cref="BpfSocket.AsTcpSocket"/> reads; returns where lookups will point.
    /// </summary>
    public static BpfSocket* Add(in BpfSocket socket, TcpSocket? tcp = null)
    {
        var entry = (BpfSocket*)NativeMemory.AllocZeroed((nuint)sizeof(BpfSocket));
        *entry = socket;
        Sockets.Add((nint)entry);
        if (tcp is { } view)
        {
            var tcpEntry = (TcpSocket*)NativeMemory.AllocZeroed((nuint)sizeof(TcpSocket));
            *tcpEntry = view;
            TcpViews[(nint)entry] = (nint)tcpEntry;
        }

        return entry;
    }

    /// <summary>
    /// Gives <paramref name="socket"/>, an entry <see cref="Add"/> returned, the kernel's own struct of it as a
    /// <see cref="KernelTypeAttribute"/> view (<see cref="TcpSock"/>, <see cref="Tcp6Sock"/>, <see cref="Udp6Sock"/>,
    /// <see cref="TcpRequestSock"/>, <see cref="TcpTimewaitSock"/>, <see cref="UnixSock"/>) holding what the kernel's
    /// would: the bpf_skc_to_* casts the kernel would answer for this socket return it, seen as the type each returns,
    /// which the view must begin with (a <see cref="Tcp6Sock"/> serves <c>ToTcpSock</c> too, as in the kernel). Its
    /// family, state and ports must be the entry's. Returns where the casts will point.
    /// </summary>
    public static TView* SetKernelSocket<TView>(BpfSocket* socket, in TView view)
        where TView : unmanaged
    {
        RequireEntry(socket);
        var common = (SockCommon*)Unsafe.AsPointer(ref Unsafe.AsRef(in view));
        if (!KernelSocket.BeginsWith(typeof(TView), typeof(SockCommon)))
        {
            throw new ArgumentException($"{typeof(TView).Name} is not a view of a kernel socket struct: every one begins with a SockCommon", nameof(view));
        }

        if (common->Family != socket->Family || common->State != socket->State || common->SourcePort != socket->SourcePort || common->DestinationPort != socket->DestinationPort)
        {
            throw new ArgumentException($"the kernel struct's family {common->Family}, state {common->State} and ports {common->SourcePort}/{Net.Ntohs(common->DestinationPort)} are not the bpf_sock's {socket->Family}, {socket->State}, {socket->SourcePort}/{Net.Ntohs(socket->DestinationPort)}: both describe one socket", nameof(view));
        }

        Free(KernelSockets.GetValueOrDefault((nint)socket).Address);
        var copy = (TView*)NativeMemory.AllocZeroed((nuint)sizeof(TView));
        *copy = view;
        KernelSockets[(nint)socket] = new KernelSocket((nint)copy, typeof(TView));
        return copy;
    }

    /// <summary>
    /// Makes <paramref name="subflow"/>, an entry for a TCP socket, a subflow of the MPTCP connection
    /// <paramref name="connection"/> describes, which bpf_skc_to_mptcp_sock returns for it. Returns where it will point.
    /// </summary>
    public static MptcpSock* SetMptcpConnection(BpfSocket* subflow, in MptcpSock connection)
    {
        RequireEntry(subflow);
        Free(MptcpConnections.GetValueOrDefault((nint)subflow));
        var copy = (MptcpSock*)NativeMemory.AllocZeroed((nuint)sizeof(MptcpSock));
        *copy = connection;
        MptcpConnections[(nint)subflow] = (nint)copy;
        return copy;
    }

    /// <summary>Removes every socket and forgets the references.</summary>
    public static void Clear()
    {
        foreach (nint block in Sockets.Concat(TcpViews.Values).Concat(KernelSockets.Values.Select(k => k.Address)).Concat(MptcpConnections.Values))
        {
            Free(block);
        }

        Sockets.Clear();
        TcpViews.Clear();
        KernelSockets.Clear();
        MptcpConnections.Clear();
        References.Clear();
    }

    /// <summary>bpf_sk_lookup_tcp/udp: a full socket only, as the kernel gives no time-wait or request socket there.</summary>
    internal static BpfSocket* Lookup(int protocol, IPv4SocketTuple tuple) => Full(LookupCommon(protocol, tuple));

    internal static BpfSocket* Lookup(int protocol, IPv6SocketTuple tuple) => Full(LookupCommon(protocol, tuple));

    /// <summary>bpf_skc_lookup_tcp: any socket, time-wait and request sockets too.</summary>
    internal static BpfSocket* LookupCommon(int protocol, IPv4SocketTuple tuple) =>
        Acquire(Find(protocol, AfInet, [tuple.SourceAddress, 0, 0, 0], [tuple.DestinationAddress, 0, 0, 0], tuple.SourcePort, tuple.DestinationPort));

    internal static BpfSocket* LookupCommon(int protocol, IPv6SocketTuple tuple) =>
        Acquire(Find(protocol, AfInet6, [.. new ReadOnlySpan<uint>(tuple.SourceAddress, 4)], [.. new ReadOnlySpan<uint>(tuple.DestinationAddress, 4)], tuple.SourcePort, tuple.DestinationPort));

    /// <summary>Whether the entry is a full socket: not in time-wait, not a request socket.</summary>
    internal static bool IsFull(BpfSocket* socket) => socket->State is not ((uint)SocketState.TimeWait or (uint)SocketState.NewSynReceived);

    /// <summary>
    /// The kernel gives a request socket's listener and nothing for a time-wait socket; the table keeps no
    /// request socket's listener, so a test must not make a full lookup find one.
    /// </summary>
    private static BpfSocket* Full(BpfSocket* socket)
    {
        if (socket == null || IsFull(socket))
        {
            return socket;
        }

        if (socket->State == (uint)SocketState.NewSynReceived)
        {
            throw new InvalidOperationException("a full socket lookup found a request socket of the SocketTable, whose listener the kernel would return and the table does not know: add the listener instead");
        }

        Release(socket);
        return null;
    }

    internal static void Release(BpfSocket* socket)
    {
        if (!References.TryGetValue((nint)socket, out int held) || held == 0)
        {
            throw new InvalidOperationException("BpfSocket.Release of a socket this run holds no reference on (the verifier refuses such a program)");
        }

        References[(nint)socket] = held - 1;
    }

    internal static TcpSocket* TcpOf(BpfSocket* socket) =>
        TcpViews.TryGetValue((nint)socket, out nint view) ? (TcpSocket*)view : null;

    /// <summary>
    /// The kernel struct of <paramref name="socket"/> as a <typeparamref name="TView"/> when the kernel's cast
    /// <paramref name="accepts"/> the socket, else null.
    /// </summary>
    internal static TView* KernelSocketOf<TView>(BpfSocket* socket, bool accepts)
        where TView : unmanaged
    {
        RequireEntry(socket);
        if (!accepts)
        {
            return null;
        }

        if (!KernelSockets.TryGetValue((nint)socket, out var kernel))
        {
            throw new InvalidOperationException($"the program casts a socket to the kernel's {typeof(TView).Name}, which the kernel would return for it, but the test gave its SocketTable entry no kernel struct (SocketTable.SetKernelSocket)");
        }

        return KernelSocket.BeginsWith(kernel.View, typeof(TView))
            ? (TView*)kernel.Address
            : throw new InvalidOperationException($"the program reads the socket as the kernel's {typeof(TView).Name}, but the test gave it a {kernel.View.Name}, which does not begin with one");
    }

    /// <summary>The MPTCP connection <paramref name="subflow"/> belongs to, or null.</summary>
    internal static MptcpSock* MptcpConnectionOf(BpfSocket* subflow)
    {
        RequireEntry(subflow);
        return MptcpConnections.TryGetValue((nint)subflow, out nint connection) ? (MptcpSock*)connection : null;
    }

    private static void RequireEntry(BpfSocket* socket)
    {
        if (!Sockets.Contains((nint)socket))
        {
            throw new InvalidOperationException("the socket is not an entry of the SocketTable: a managed run's sockets come from SocketTable.Add");
        }
    }

    private static void Free(nint block)
    {
        if (block != 0)
        {
            NativeMemory.Free((void*)block);
        }
    }

    private static BpfSocket* Acquire(BpfSocket* socket)
    {
        if (socket != null)
        {
            References[(nint)socket] = References.GetValueOrDefault((nint)socket) + 1;
        }

        return socket;
    }

    /// <summary>The best match and its score: higher is more specific; none scores 0.</summary>
    private static BpfSocket* Find(int protocol, int family, uint[] remote, uint[] local, ushort remotePort, ushort localPort)
    {
        BpfSocket* best = null;
        int bestScore = 0;
        foreach (nint entry in Sockets)
        {
            var socket = (BpfSocket*)entry;
            int score = Score(socket, protocol, family, remote, local, remotePort, localPort);
            if (score > bestScore)
            {
                best = socket;
                bestScore = score;
            }
        }

        return best;
    }

    private static int Score(BpfSocket* socket, int protocol, int family, uint[] remote, uint[] local, ushort remotePort, ushort localPort)
    {
        if (socket->Protocol != protocol || socket->Family != family || socket->SourcePort != Net.Ntohs(localPort))
        {
            return 0;
        }

        bool tcp = protocol == Tcp;
        bool connected = socket->DestinationPort != 0;
        bool listening = socket->State == (uint)SocketState.Listen;
        if (tcp && !connected && !listening)
        {
            return 0;
        }

        var ownLocal = Address(socket, family, remoteSide: false);
        bool wildcard = ownLocal.All(w => w == 0);
        if (!wildcard && !ownLocal.SequenceEqual(local))
        {
            return 0;
        }

        if (connected && (socket->DestinationPort != remotePort || !Address(socket, family, remoteSide: true).SequenceEqual(remote)))
        {
            return 0;
        }

        // A connected socket beats a bound one, which beats a wildcard one (the kernel's established-first
        // lookup for TCP, its scoring for UDP).
        return 1 + (wildcard ? 0 : 1) + (connected ? 2 : 0);
    }

    private static uint[] Address(BpfSocket* socket, int family, bool remoteSide) => family == AfInet
        ? [remoteSide ? socket->DestinationIPv4 : socket->SourceIPv4, 0, 0, 0]
        : [.. new ReadOnlySpan<uint>(remoteSide ? socket->DestinationIPv6 : socket->SourceIPv6, 4)];
}
