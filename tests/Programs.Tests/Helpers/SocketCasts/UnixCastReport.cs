namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>What <see cref="SocketCastPrograms.UnixCast"/> reads from the kernel's unix_sock of the socket a datagram reaches.</summary>
public record struct UnixCastReport
{
    public uint Casts;
    public ushort Family;
    public ushort Found;
    public ushort Type;
    public ushort Protocol;
    /// <summary>The bound address's length, or -1 when the socket is not bound.</summary>
    public int AddressLength;
    public ulong Inode;
    public ulong Cookie;
    /// <summary>The inode of the socket it is connected to, 0 when none.</summary>
    public ulong PeerInode;
}
