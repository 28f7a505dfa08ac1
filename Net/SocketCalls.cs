using System.Runtime.InteropServices;

namespace TraitsBpf.Sockets;

/// <summary>The libc calls .NET's Socket does not expose: recvmsg with any control message.</summary>
internal static unsafe partial class SocketCalls
{
    /// <summary>MSG_DONTWAIT: a receive that never blocks, whatever the descriptor's mode.</summary>
    public const int DontWait = 0x40;

    /// <summary>MSG_TRUNC in msg_flags: a datagram was longer than the buffer.</summary>
    public const int Truncated = 0x20;

    /// <summary>MSG_CTRUNC in msg_flags: a control message did not fit.</summary>
    public const int ControlTruncated = 0x08;

    /// <summary>EAGAIN.</summary>
    public const int TryAgain = 11;

    /// <summary>EINTR.</summary>
    public const int Interrupted = 4;

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(int fd, MessageHeader* message, int flags);
}
