using System.Diagnostics.CodeAnalysis;

namespace TraitsBpf;

/// <summary>
/// The kernel's <c>struct unix_sock</c>, an AF_UNIX socket, as <see cref="BpfSocketCommon.ToUnixSock"/> returns it
/// (a socket filter attached to a unix socket sees that socket as <see cref="SocketContext.Socket"/>).
/// </summary>
[KernelType("unix_sock")]
public unsafe struct UnixSock
{
    /// <summary>The socket (<c>sk</c>).</summary>
    [KernelField("sk")]
    public Sock Sock;

    /// <summary>
    /// The address the socket is bound to (<c>addr</c>), null when it is not: test it before reading through it (the
    /// kernel's read of a null one gives zeros, a managed one would fault).
    /// </summary>
    [KernelField("addr")]
    public UnixAddress* Address;

    /// <summary>The socket it is connected to (<c>peer</c>), null when none; test it before reading through it.</summary>
    [KernelField("peer")]
    public Sock* Peer;

    /// <summary>The addresses, family and state.</summary>
    [UnscopedRef]
    public readonly ref readonly SockCommon Common => ref Sock.Common;
}
