using System.Runtime.InteropServices;

namespace TraitsBpf.Sockets;

/// <summary>The libc calls .NET's Socket does not expose: recvmsg and sendmsg with any control message.</summary>
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

    /// <summary>MSG_PROBE: go through a send's checks, send nothing.</summary>
    public const int Probe = 0x10;

    /// <summary>EPERM.</summary>
    public const int NotPermitted = 1;

    /// <summary>EINVAL.</summary>
    public const int Invalid = 22;

    /// <summary>ENOSPC.</summary>
    public const int NoSpace = 28;

    /// <summary>EOPNOTSUPP.</summary>
    public const int NotSupported = 95;

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMessage(int fd, MessageHeader* message, int flags);
}
