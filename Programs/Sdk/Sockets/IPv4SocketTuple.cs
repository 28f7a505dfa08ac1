using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// The IPv4 form of <c>struct bpf_sock_tuple</c> (12 bytes): what a socket lookup searches for, as the packet
/// carries it (addresses and ports in network byte order). The source is the remote end, the destination
/// the local socket. The compiler passes its size, which tells the kernel the form.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 12)]
public struct IPv4SocketTuple
{
    /// <summary>The packet's source address.</summary>
    public uint SourceAddress;

    /// <summary>The packet's destination address.</summary>
    public uint DestinationAddress;

    /// <summary>The packet's source port.</summary>
    public ushort SourcePort;

    /// <summary>The packet's destination port.</summary>
    public ushort DestinationPort;
}
