using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TraitsBpf.Abi;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Sockets;

/// <summary>
/// A socket whose receives come with the traits of their packets: the identifier XDP gave a
/// request, the class TC chose, whatever the host's BPF programs set. It turns on
/// <c>SO_BPF_TRAITS</c> (a kernel with the TraitsBpf series; see docs/traits-abi.md, "Sockets")
/// and receives with <c>recvmsg</c>, decoding the <c>(SOL_BPF, SO_BPF_TRAITS)</c> control message.
/// A datagram brings its own traits; a stream read brings those of the segment of its first
/// byte, and the kernel ends the read before a segment whose traits differ. A UDP socket also
/// sends datagrams with traits (<see cref="SendWithTraits"/>), so a reply can carry its request's.
/// </summary>
public sealed class TraitSocket : IDisposable
{
    /// <summary>
    /// Room for the trait message (16 + 256 bytes), the policy's SOL_BPF messages (at most 512 bytes in the kernel's
    /// queue, each 4 bytes there and 16 here: up to 2,048 bytes) and any others the socket asked for.
    /// </summary>
    private const int ControlSize = 4096;

    private const int SocketAddressSize = 128;
    private const int AddressFamilyInet = 2;
    private const int AddressFamilyInet6 = 10;

    private readonly TraitNameTable? names;

    /// <summary>
    /// Takes <paramref name="socket"/> (an IPv4 or IPv6 socket, bound or connected or not yet) and
    /// turns on <c>SO_BPF_TRAITS</c> on it. The TraitSocket owns it from then on.
    /// </summary>
    /// <param name="socket">A UDP, TCP or raw socket of an IP family.</param>
    /// <param name="names">The names received traits are read by, usually <see cref="TraitNameTable.FromHost"/>; null to read them by key only.</param>
    /// <exception cref="TraitsNotSupportedException">The kernel does not pass traits to sockets, or the socket is not of an IP family.</exception>
    public TraitSocket(Socket socket, TraitNameTable? names = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Socket = socket;
        this.names = names;
        Enable(socket);
    }

    /// <summary>The socket itself, for everything else (bind, connect, send, options).</summary>
    public Socket Socket { get; }

    /// <summary>Whether the running kernel passes traits to sockets of <paramref name="family"/>.</summary>
    public static bool IsSupported(AddressFamily family = AddressFamily.InterNetwork) => SocketTraitsProbe.IsSupported(family);

    /// <summary>
    /// Receives one datagram (or, on a stream, one read) into <paramref name="buffer"/> with its
    /// traits, waiting as long as <see cref="Socket.ReceiveTimeout"/> allows (forever when 0).
    /// </summary>
    /// <exception cref="SocketException">The receive failed, or timed out (<see cref="SocketError.TimedOut"/>).</exception>
    public TraitMessage ReceiveWithTraits(Span<byte> buffer)
    {
        int timeoutMicroseconds = Socket.ReceiveTimeout > 0 ? Socket.ReceiveTimeout * 1000 : -1;
        while (true)
        {
            if (TryReceive(buffer, out var message))
                return message;
            if (!Socket.Poll(timeoutMicroseconds, SelectMode.SelectRead))
                throw new SocketException((int)SocketError.TimedOut);
        }
    }

    /// <summary>Receives one datagram (or stream read) with its traits, without blocking a thread.</summary>
    /// <exception cref="SocketException">The receive failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async ValueTask<TraitMessage> ReceiveWithTraitsAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryReceive(buffer.Span, out var message))
                return message;

            // A zero-byte peek completes when something can be read, and reads nothing.
            await Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the running kernel gives datagrams the traits a sender passes (SOL_BPF control messages on send).</summary>
    public static bool CanSendTraits => TraitSender.IsSupported;

    /// <summary>
    /// Sends <paramref name="data"/> as one datagram to <paramref name="remote"/> (null on a connected
    /// socket) carrying <paramref name="traits"/>: TC egress programs read them, and a receiver on
    /// this host gets them. Empty traits send the datagram without any. Waits while the socket's
    /// send buffer is full.
    /// </summary>
    /// <returns>The bytes sent: all of <paramref name="data"/>.</returns>
    /// <exception cref="TraitsNotSupportedException">The kernel does not give sent datagrams traits.</exception>
    /// <exception cref="UnauthorizedAccessException">The process has neither CAP_NET_RAW nor CAP_NET_ADMIN, which giving traits needs (as SO_MARK does).</exception>
    /// <exception cref="NotSupportedException">The socket cannot give its packets traits: a TCP socket, or a corked UDP socket.</exception>
    /// <exception cref="SocketException">The send failed.</exception>
    public int SendWithTraits(ReadOnlySpan<byte> data, EndPoint? remote, OutgoingTraits traits)
    {
        var store = StoreToSend(traits);
        while (true)
        {
            if (TrySend(data, remote, store, out int sent))
                return sent;
            int timeoutMicroseconds = Socket.SendTimeout > 0 ? Socket.SendTimeout * 1000 : -1;
            if (!Socket.Poll(timeoutMicroseconds, SelectMode.SelectWrite))
                throw new SocketException((int)SocketError.TimedOut);
        }
    }

    /// <summary>Sends one datagram with traits, as <see cref="SendWithTraits"/> does, without blocking a thread on a full send buffer.</summary>
    /// <exception cref="TraitsNotSupportedException">The kernel does not give sent datagrams traits.</exception>
    /// <exception cref="UnauthorizedAccessException">The process has neither CAP_NET_RAW nor CAP_NET_ADMIN.</exception>
    /// <exception cref="NotSupportedException">The socket cannot give its packets traits (TCP, or corked UDP).</exception>
    /// <exception cref="SocketException">The send failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async ValueTask<int> SendWithTraitsAsync(ReadOnlyMemory<byte> data, EndPoint? remote, OutgoingTraits traits, CancellationToken cancellationToken = default)
    {
        var store = StoreToSend(traits);
        while (true)
        {
            if (TrySend(data.Span, remote, store, out int sent))
                return sent;

            // A datagram socket's send buffer drains in microseconds; poll it off the caller's thread.
            await Task.Run(() => Socket.Poll(100_000, SelectMode.SelectWrite), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => Socket.Dispose();

    private static void Enable(Socket socket)
    {
        if (socket.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new TraitsNotSupportedException($"Packet traits reach sockets of the IP families only; this socket is {socket.AddressFamily}.");

        if (!SocketTraitsProbe.TryEnable(socket, out var refusal))
        {
            throw new TraitsNotSupportedException(
                $"This kernel ({KernelFeatures.CurrentRelease()}) does not pass packet traits to sockets: SOL_BPF SO_BPF_TRAITS comes with the TraitsBpf kernel series ('traitsbpf kernel' says whether a kernel has it).", refusal);
        }
    }

    private static byte[] StoreToSend(OutgoingTraits traits)
    {
        ArgumentNullException.ThrowIfNull(traits);
        if (!TraitSender.IsSupported)
        {
            throw new TraitsNotSupportedException(
                $"This kernel ({KernelFeatures.CurrentRelease()}) does not give sent datagrams traits: SOL_BPF SO_BPF_TRAITS on send comes with the TraitsBpf kernel series.");
        }

        return traits.ToStore();
    }

    /// <summary>One non-blocking sendmsg with the store; false when the send buffer is full.</summary>
    private bool TrySend(ReadOnlySpan<byte> data, EndPoint? remote, byte[] store, out int sent)
    {
        sent = (int)TraitSender.Send(Socket, data, remote, store, SocketCalls.DontWait, out int errno);
        if (sent >= 0)
            return true;
        return errno == SocketCalls.TryAgain ? false : throw SendErrnoToException(errno);
    }

    private Exception SendErrnoToException(int errno) => errno switch
    {
        SocketCalls.NotPermitted => new UnauthorizedAccessException("Giving a datagram traits needs CAP_NET_RAW or CAP_NET_ADMIN (as SO_MARK does); this process has neither."),
        SocketCalls.NotSupported when Socket.SocketType == SocketType.Stream => new NotSupportedException("A TCP socket cannot give what it sends traits: the bytes of a stream are not its packets (the kernel refuses with EOPNOTSUPP). Send traits on a UDP socket."),
        SocketCalls.NotSupported => new NotSupportedException("A corked datagram (UDP_CORK, or MSG_MORE on an earlier send) cannot carry traits: it is built from several sends (the kernel refuses with EOPNOTSUPP)."),
        SocketCalls.Invalid or SocketCalls.NoSpace => new InvalidOperationException($"The kernel refused the trait store (errno {errno}): it is not a store the trait kfuncs could write (docs/traits-abi.md, \"Sockets\")."),
        _ => ErrnoToException(errno, "sendmsg"),
    };

    /// <summary>One non-blocking recvmsg; false when nothing is queued.</summary>
    private unsafe bool TryReceive(Span<byte> buffer, out TraitMessage message)
    {
        message = default;
        byte* control = stackalloc byte[ControlSize];
        byte* address = stackalloc byte[SocketAddressSize];
        bool added = false;
        var handle = Socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* data = buffer)
            {
                var vector = new IoVector { Base = data, Length = (nuint)buffer.Length };
                var header = new MessageHeader
                {
                    Name = address,
                    NameLength = SocketAddressSize,
                    Vectors = &vector,
                    VectorCount = 1,
                    Control = control,
                    ControlLength = ControlSize,
                };
                nint received;
                do
                {
                    received = SocketCalls.ReceiveMessage((int)handle.DangerousGetHandle(), &header, SocketCalls.DontWait);
                }
                while (received < 0 && Marshal.GetLastPInvokeError() == SocketCalls.Interrupted);

                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == SocketCalls.TryAgain)
                        return false;
                    throw ErrnoToException(errno, "recvmsg");
                }

                var store = ReceivedControlMessages.Parse(new ReadOnlySpan<byte>(control, (int)header.ControlLength), (header.Flags & SocketCalls.ControlTruncated) != 0, out var policy, ControlSize);
                var traits = store.IsEmpty ? ReceivedTraits.None : ReceivedTraits.Parse(store, names);
                var remote = header.NameLength > 0 ? ParseAddress(new ReadOnlySpan<byte>(address, (int)header.NameLength)) : null;
                message = new TraitMessage((int)received, remote, traits, (header.Flags & SocketCalls.Truncated) != 0) { PolicyMessages = policy ?? [] };
                return true;
            }
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    private static EndPoint? ParseAddress(ReadOnlySpan<byte> address)
    {
        int family = MemoryMarshal.Read<ushort>(address);
        int port = BinaryPrimitives.ReadUInt16BigEndian(address[2..]);
        return family switch
        {
            AddressFamilyInet when address.Length >= 8 => new IPEndPoint(new IPAddress(address.Slice(4, 4)), port),
            AddressFamilyInet6 when address.Length >= 28 => new IPEndPoint(new IPAddress(address.Slice(8, 16), MemoryMarshal.Read<uint>(address[24..])), port),
            _ => null,
        };
    }

    private static SocketException ErrnoToException(int errno, string call) => errno switch
    {
        9 => new SocketException((int)SocketError.OperationAborted),      // EBADF: closed meanwhile
        104 => new SocketException((int)SocketError.ConnectionReset),     // ECONNRESET
        107 => new SocketException((int)SocketError.NotConnected),        // ENOTCONN
        111 => new SocketException((int)SocketError.ConnectionRefused),   // ECONNREFUSED: ICMP port unreachable on a connected UDP socket
        _ => new SocketException((int)SocketError.SocketError, $"{call} failed with errno {errno}."),
    };
}
