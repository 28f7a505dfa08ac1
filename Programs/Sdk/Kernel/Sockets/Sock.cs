namespace TraitsBpf;

/// <summary>The kernel's <c>struct sock</c>, a full socket: <see cref="SockCommon"/> and what only full sockets have.</summary>
[KernelType("sock")]
public struct Sock
{
    /// <summary>The common part (<c>__sk_common</c>).</summary>
    [KernelField("__sk_common")]
    public SockCommon Common;

    /// <summary>IPPROTO_TCP (6), IPPROTO_UDP (17), IPPROTO_MPTCP (262) for an MPTCP connection's own socket, ... (<c>sk_protocol</c>).</summary>
    [KernelField("sk_protocol")]
    public ushort Protocol;

    /// <summary>SOCK_STREAM (1), SOCK_DGRAM (2), ... (<c>sk_type</c>).</summary>
    [KernelField("sk_type")]
    public ushort Type;

    /// <summary>The socket's mark, SO_MARK (<c>sk_mark</c>).</summary>
    [KernelField("sk_mark")]
    public uint Mark;

    /// <summary>The socket's priority, SO_PRIORITY (<c>sk_priority</c>).</summary>
    [KernelField("sk_priority")]
    public uint Priority;

    /// <summary>The receive buffer in bytes, what SO_RCVBUF reads (<c>sk_rcvbuf</c>).</summary>
    [KernelField("sk_rcvbuf")]
    public int ReceiveBufferSize;

    /// <summary>The send buffer in bytes, what SO_SNDBUF reads (<c>sk_sndbuf</c>).</summary>
    [KernelField("sk_sndbuf")]
    public int SendBufferSize;

    /// <summary>
    /// The inode number of the socket's file, what fstat gives user space (<c>sk_ino</c>, on kernels whose
    /// <c>struct sock</c> has it, 6.18 among them); 0 for a socket no file holds.
    /// </summary>
    [KernelField("sk_ino")]
    public ulong Inode;
}
