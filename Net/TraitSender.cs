using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TraitsBpf.Abi;

namespace TraitsBpf.Sockets;

/// <summary>
/// One sendmsg with a <c>(SOL_BPF, SO_BPF_TRAITS)</c> control message holding a trait store, and
/// the probe of whether the kernel takes such a message at all.
/// </summary>
internal static class TraitSender
{
    private const int ControlHeaderSize = 16;
    private const int SocketAddressSize = 28;
    private const ushort AddressFamilyInet = 2;
    private const ushort AddressFamilyInet6 = 10;

    private static readonly Lazy<bool> KernelTakesTraits = new(Probe);

    /// <summary>
    /// Whether the kernel gives datagrams the traits of a send's control message. A kernel
    /// without it ignores the level, as it ignores any level it does not know, and would send
    /// the datagram without them; so the probe is a send the kernel must refuse (a store
    /// shorter than its header) with MSG_PROBE, which sends nothing either way.
    /// </summary>
    public static bool IsSupported => KernelTakesTraits.Value;

    /// <summary>One sendmsg of <paramref name="data"/> with <paramref name="store"/>; the bytes sent, or -1 with the errno in <paramref name="errno"/>.</summary>
    public static unsafe nint Send(Socket socket, ReadOnlySpan<byte> data, EndPoint? remote, ReadOnlySpan<byte> store, int flags, out int errno)
    {
        errno = 0;
        int controlSize = ControlHeaderSize + ((store.Length + 7) & ~7);
        byte* control = stackalloc byte[controlSize];
        new Span<byte>(control, controlSize).Clear();
        *(long*)control = ControlHeaderSize + store.Length;
        *(int*)(control + 8) = TraitSocketOption.Level;
        *(int*)(control + 12) = TraitSocketOption.Name;
        store.CopyTo(new Span<byte>(control + ControlHeaderSize, store.Length));

        byte* address = stackalloc byte[SocketAddressSize];
        int addressLength = remote is null ? 0 : WriteAddress(remote, socket.AddressFamily, new Span<byte>(address, SocketAddressSize));
        var handle = socket.SafeHandle;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* bytes = data)
            {
                var vector = new IoVector { Base = bytes, Length = (nuint)data.Length };
                var header = new MessageHeader
                {
                    Name = addressLength == 0 ? null : address,
                    NameLength = (uint)addressLength,
                    Vectors = &vector,
                    VectorCount = 1,
                    Control = control,
                    ControlLength = (nuint)controlSize,
                };
                nint sent;
                do
                {
                    sent = SocketCalls.SendMessage((int)handle.DangerousGetHandle(), &header, flags);
                    errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
                }
                while (sent < 0 && errno == SocketCalls.Interrupted);
                return sent;
            }
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    private static bool Probe()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            Span<byte> truncated = stackalloc byte[TraitStoreFormat.HeaderSize - 4];
            truncated.Clear();
            nint sent = Send(socket, [], new IPEndPoint(IPAddress.Loopback, 9), truncated, SocketCalls.Probe | SocketCalls.DontWait, out int errno);
            return sent < 0 && errno == SocketCalls.Invalid;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes <paramref name="remote"/> as a struct sockaddr_in or sockaddr_in6 for a socket of
    /// <paramref name="family"/> (an IPv4 address as IPv4-mapped on an IPv6 socket); its length.
    /// </summary>
    private static int WriteAddress(EndPoint remote, AddressFamily family, Span<byte> address)
    {
        if (remote is not IPEndPoint ip)
            throw new ArgumentException($"Traits are sent to IP endpoints; {remote.GetType().Name} is not one.", nameof(remote));
        if (family == AddressFamily.InterNetworkV6 && ip.AddressFamily == AddressFamily.InterNetwork)
            ip = new IPEndPoint(ip.Address.MapToIPv6(), ip.Port);

        address.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)ip.Port);
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            MemoryMarshal.Write(address, AddressFamilyInet);
            ip.Address.TryWriteBytes(address.Slice(4, 4), out _);
            return 16;
        }

        MemoryMarshal.Write(address, AddressFamilyInet6);
        ip.Address.TryWriteBytes(address.Slice(8, 16), out _);
        MemoryMarshal.Write(address[24..], (uint)ip.Address.ScopeId);
        return SocketAddressSize;
    }
}
