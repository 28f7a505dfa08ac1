using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using NetSocket = System.Net.Sockets.Socket;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>
/// What user space learns of a socket through the kernel's own interfaces (getsockopt, ioctl, /proc), to compare with
/// what a program reads from the kernel's socket structs: nothing here is computed, each value is the kernel's answer.
/// </summary>
public static partial class SocketFacts
{
    public const int SolSocket = 1, SolIp = 0, SolIpv6 = 41, SolTcp = 6, SolUdp = 17, SolMptcp = 284;
    public const int SoSndbuf = 7, SoRcvbuf = 8, SoPriority = 12, SoMark = 36, SoProtocol = 38, SoCookie = 57;
    public const int IpTos = 1, IpTtl = 2, Ipv6UnicastHops = 16, Ipv6Tclass = 67;
    public const int TcpMaxseg = 2, TcpInfoOption = 11, TcpRepair = 19, TcpRepairQueue = 20, TcpQueueSeq = 21;
    public const int UdpSegment = 103, MptcpInfoOption = 1;

    private const int TcpRecvQueue = 1, TcpSendQueue = 2, TcpRepairOffNoWindowProbe = -1;
    private const ulong Fionread = 0x541B, Tiocoutq = 0x5411, Siocoutqnsd = 0x894B;

    public static void Set(NetSocket socket, int level, int name, int value) => socket.SetRawSocketOption(level, name, BitConverter.GetBytes(value));

    public static int GetInt(NetSocket socket, int level, int name) => BitConverter.ToInt32(Get(socket, level, name, 4));

    /// <summary>The socket's cookie (SO_COOKIE), which the asking gives it if it had none.</summary>
    public static ulong Cookie(NetSocket socket) => BitConverter.ToUInt64(Get(socket, SolSocket, SoCookie, 8));

    /// <summary>The inode number of the socket's file, as <c>/proc/self/fd</c> names it (<c>socket:[N]</c>).</summary>
    public static ulong Inode(NetSocket socket)
    {
        string target = new FileInfo($"/proc/self/fd/{socket.SafeHandle.DangerousGetHandle()}").LinkTarget ?? throw new IOException("the socket's descriptor has no link target");
        return ulong.Parse(target["socket:[".Length..^1], CultureInfo.InvariantCulture);
    }

    public static TcpInfo TcpInfo(NetSocket socket) => MemoryMarshal.Read<TcpInfo>(Get(socket, SolTcp, TcpInfoOption, Marshal.SizeOf<TcpInfo>()));

    public static MptcpInfo MptcpInfo(NetSocket socket) => MemoryMarshal.Read<MptcpInfo>(Get(socket, SolMptcp, MptcpInfoOption, Marshal.SizeOf<MptcpInfo>()));

    /// <summary>
    /// The next sequence number the socket expects (<c>rcv_nxt</c>) and the one after the last byte written
    /// (<c>write_seq</c>), read in TCP repair mode, which is left again without a window probe.
    /// </summary>
    public static (uint ReceiveNext, uint WriteSequence) Sequences(NetSocket socket)
    {
        Set(socket, SolTcp, TcpRepair, 1);
        try
        {
            Set(socket, SolTcp, TcpRepairQueue, TcpRecvQueue);
            uint receiveNext = (uint)GetInt(socket, SolTcp, TcpQueueSeq);
            Set(socket, SolTcp, TcpRepairQueue, TcpSendQueue);
            return (receiveNext, (uint)GetInt(socket, SolTcp, TcpQueueSeq));
        }
        finally
        {
            Set(socket, SolTcp, TcpRepair, TcpRepairOffNoWindowProbe);
        }
    }

    /// <summary>Bytes received and not yet read (SIOCINQ: <c>rcv_nxt - copied_seq</c>).</summary>
    public static int Unread(NetSocket socket) => Ioctl(socket, Fionread);

    /// <summary>Bytes written and not yet acknowledged (SIOCOUTQ: <c>write_seq - snd_una</c>).</summary>
    public static int Unacknowledged(NetSocket socket) => Ioctl(socket, Tiocoutq);

    /// <summary>Bytes written and not yet sent (SIOCOUTQNSD: <c>write_seq - snd_nxt</c>).</summary>
    public static int Unsent(NetSocket socket) => Ioctl(socket, Siocoutqnsd);

    /// <summary>The length of the address the socket is bound to, as getsockname gives it (for a unix socket, the family's two bytes and the name).</summary>
    public static unsafe int AddressLength(NetSocket socket)
    {
        byte* address = stackalloc byte[128];
        int length = 128;
        return getsockname((int)socket.SafeHandle.DangerousGetHandle(), address, ref length) == 0 ? length : throw new IOException($"getsockname: errno {Marshal.GetLastPInvokeError()}");
    }

    private static byte[] Get(NetSocket socket, int level, int name, int size)
    {
        var value = new byte[size];
        int length = socket.GetRawSocketOption(level, name, value);
        return length == size ? value : throw new SocketException();
    }

    private static int Ioctl(NetSocket socket, ulong request)
    {
        int value = 0;
        return ioctl((int)socket.SafeHandle.DangerousGetHandle(), request, ref value) == 0 ? value : throw new IOException($"ioctl 0x{request:X}: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, ulong request, ref int value);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int getsockname(int fd, byte* address, ref int length);
}
