using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// The IPv6 form of <c>struct bpf_sock_tuple</c> (36 bytes), as <see cref="IPv4SocketTuple"/>: addresses as
/// four words and ports in network byte order, the source the remote end.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 36)]
public unsafe struct IPv6SocketTuple
{
    /// <summary>The packet's source address.</summary>
    public fixed uint SourceAddress[4];

    /// <summary>The packet's destination address.</summary>
    public fixed uint DestinationAddress[4];

    /// <summary>The packet's source port.</summary>
    public ushort SourcePort;

    /// <summary>The packet's destination port.</summary>
    public ushort DestinationPort;
}
