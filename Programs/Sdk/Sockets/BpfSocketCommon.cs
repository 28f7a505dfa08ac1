using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_sock</c> as the verifier shows a socket that may not be a full one (a time-wait or request
/// socket): what <see cref="TcContext.LookupTcpCommon(in IPv4SocketTuple)"/> returns. It has the addresses, ports
/// and state; the type, protocol, mark and priority of <see cref="BpfSocket"/> are a full socket's, which
/// <see cref="FullSocket"/> gives. Release it on every path as a <see cref="BpfSocket"/>.
/// </summary>
/// <remarks>
/// The fields repeat <see cref="BpfSocket"/>'s at the same offsets, one kernel struct seen twice: the verifier refuses
/// the others on a socket that may not be full, and a separate type lets the C# compiler refuse them first.
/// Managed: a pointer into the <see cref="SocketTable"/>, as <see cref="BpfSocket"/>.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 80)]
public unsafe struct BpfSocketCommon
{
    /// <summary>The interface the socket is bound to, 0 when none.</summary>
    [FieldOffset(0)]
    public uint BoundDeviceIfindex;

    /// <summary>AF_INET (2) or AF_INET6 (10).</summary>
    [FieldOffset(4)]
    public uint Family;

    /// <summary>The local IPv4 address, network byte order.</summary>
    [FieldOffset(24)]
    public uint SourceIPv4;

    /// <summary>The local IPv6 address as four words in network byte order.</summary>
    [FieldOffset(28)]
    public fixed uint SourceIPv6[4];

    /// <summary>The local port, host byte order.</summary>
    [FieldOffset(44)]
    public uint SourcePort;

    /// <summary>The remote port, network byte order.</summary>
    [FieldOffset(48)]
    public ushort DestinationPort;

    /// <summary>The remote IPv4 address, network byte order.</summary>
    [FieldOffset(52)]
    public uint DestinationIPv4;

    /// <summary>The remote IPv6 address as four words in network byte order.</summary>
    [FieldOffset(56)]
    public fixed uint DestinationIPv6[4];

    /// <summary>The TCP state (<see cref="SocketState"/>).</summary>
    [FieldOffset(72)]
    public uint State;

    /// <summary>The receive queue the socket was last seen on, -1 when none.</summary>
    [FieldOffset(76)]
    public int RxQueueMapping;

    /// <summary>Gives the reference the lookup took back (bpf_sk_release); see <see cref="BpfSocket.Release"/>.</summary>
    [BpfHelper(BpfHelper.SkRelease)]
    public readonly void Release() => SocketTable.Release(Self);

    /// <summary>
    /// The full socket behind this one (bpf_sk_fullsock, TC only): itself when it is one, null for a time-wait or
    /// request socket. It holds no reference of its own. Managed: null when the table's entry is in
    /// <see cref="SocketState.TimeWait"/> or <see cref="SocketState.NewSynReceived"/>.
    /// </summary>
    [BpfHelper(BpfHelper.SkFullsock)]
    public readonly BpfSocket* FullSocket() => SocketTable.IsFull(Self) ? Self : null;

    private readonly BpfSocket* Self => (BpfSocket*)Unsafe.AsPointer(ref Unsafe.AsRef(in this));
}
