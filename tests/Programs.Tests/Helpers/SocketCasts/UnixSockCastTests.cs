using System.Net.Sockets;
using System.Runtime.InteropServices;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Helpers.SocketCasts.SocketFacts;
using NetSocket = System.Net.Sockets.Socket;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>
/// A socket filter on a unix datagram socket sees that socket as <see cref="SocketContext.Socket"/> and reads it as
/// the kernel's unix_sock when a datagram comes: its inode, cookie, the length of the address it is bound to (none
/// for one of a socketpair) and its peer's inode (none when it is not connected), which are what user space knows.
/// Managed execution, given the same socket, records the same bytes.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe partial class UnixSockCastTests(SocketCastFixture fixture) : IClassFixture<SocketCastFixture>
{
    [Fact]
    public void A_unix_socket_read_as_unix_sock_is_what_user_space_knows_of_it()
    {
        using var ns = new NetworkNamespace();
        NetworkNamespaceThread.Run(ns.Name, () =>
        {
            string id = Guid.NewGuid().ToString("N")[..8];
            var receiverAddress = new UnixDomainSocketEndPoint($"\0traitsbpf-skc-{id}");
            var senderAddress = new UnixDomainSocketEndPoint($"\0traitsbpf-skc-sender-{id}");
            using (var receiver = Datagram())
            using (var sender = Datagram())
            {
                receiver.Bind(receiverAddress);
                sender.Bind(senderAddress);
                receiver.Connect(senderAddress);
                sender.Connect(receiverAddress);
                var connected = Deliver(receiver, () => sender.Send("connected"u8));
                Assert.Equal(Expected(receiver, AddressLength(receiver), Inode(sender)), connected.Kernel);
                Assert.Equal(connected.Kernel, connected.Managed);
            }

            using (var receiver = Datagram())
            using (var sender = Datagram())
            {
                receiver.Bind(receiverAddress);
                var unconnected = Deliver(receiver, () => sender.SendTo("unconnected"u8, receiverAddress));
                Assert.Equal(Expected(receiver, AddressLength(receiver), peerInode: 0), unconnected.Kernel);
                Assert.Equal(unconnected.Kernel, unconnected.Managed);
            }

            var (first, second) = Pair();
            using (first)
            using (second)
            {
                var unbound = Deliver(first, () => second.Send("pair"u8));
                Assert.Equal(Expected(first, addressLength: -1, Inode(second)), unbound.Kernel);
                Assert.Equal(unbound.Kernel, unbound.Managed);
            }
        });
    }

    private static UnixCastReport Expected(NetSocket receiver, int addressLength, ulong peerInode) =>
        new() { Casts = 8, Family = 1, Found = 1, Type = 2, AddressLength = addressLength, Inode = Inode(receiver), Cookie = Cookie(receiver), PeerInode = peerInode };

    /// <summary>
    /// Attaches the filter to <paramref name="receiver"/>, asks its cookie, has <paramref name="send"/> send it a datagram,
    /// receives the datagram whole, and returns what the filter recorded in the kernel and, run as managed code on the
    /// same datagram, with the receiver as user space knows it.
    /// </summary>
    private (UnixCastReport Kernel, UnixCastReport Managed) Deliver(NetSocket receiver, Action send)
    {
        var map = fixture.Programs.Map("UnixReceivers");
        map.Update(BitConverter.GetBytes(0u), new byte[map.ValueSize]);
        ulong cookie = Cookie(receiver);
        using (fixture.Programs.Program("h_skc_unix").AttachSocketFilter(receiver))
        {
            send();
        }

        var datagram = new byte[64];
        int length = receiver.Receive(datagram);
        var kernel = new byte[map.ValueSize];
        Assert.True(map.Lookup(BitConverter.GetBytes(0u), kernel));

        // The kernel's structs the receiver's unix_sock points to, as user space knows them.
        var address = (UnixAddress*)NativeMemory.AllocZeroed((nuint)sizeof(UnixAddress));
        var peer = (Sock*)NativeMemory.AllocZeroed((nuint)sizeof(Sock));
        SocketTable.Clear();
        try
        {
            var entry = SocketTable.Add(new BpfSocket { Family = 1, Type = 2, RxQueueMapping = -1 });
            var view = new UnixSock();
            view.Sock.Type = 2;
            view.Sock.Inode = Inode(receiver);
            view.Sock.Common.Family = 1;
            view.Sock.Common.Cookie.Counter = (long)cookie;
            if (AddressLength(receiver) > 2)
            {
                address->Length = AddressLength(receiver);
                view.Address = address;
            }

            if (PeerInode(receiver) is { } peerInode)
            {
                peer->Inode = peerInode;
                view.Peer = peer;
            }

            SocketTable.SetKernelSocket(entry, view);
            SocketCastPrograms.UnixReceivers[0] = default;
            using var ctx = SocketContext.ForPacket(datagram.AsSpan(0, length));
            ctx.Socket = (BpfSocketCommon*)entry;
            Assert.Equal(0xFFFFu, ManagedExecution.Run(SocketCastPrograms.UnixCast, ctx));
            return (MemoryMarshal.Read<UnixCastReport>(kernel), SocketCastPrograms.UnixReceivers[0]);
        }
        finally
        {
            SocketTable.Clear();
            NativeMemory.Free(address);
            NativeMemory.Free(peer);
        }
    }

    /// <summary>The inode of the socket <paramref name="socket"/> is connected to, from the kernel's socket diagnostics (ss), or null.</summary>
    private static ulong? PeerInode(NetSocket socket)
    {
        string inode = Inode(socket).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string line in Tool.RunClean("ss", "-xaH").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length >= 8 && columns[^3] == inode)
            {
                return columns[^1] is "0" or "*" ? null : ulong.Parse(columns[^1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"ss lists no unix socket with inode {inode}");
    }

    private static NetSocket Datagram() => new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    /// <summary>Two connected unix datagram sockets bound to no address (socketpair).</summary>
    private static (NetSocket First, NetSocket Second) Pair()
    {
        int* fds = stackalloc int[2];
        if (socketpair(1, 2, 0, fds) != 0)
        {
            throw new IOException($"socketpair: errno {Marshal.GetLastPInvokeError()}");
        }

        return (new NetSocket(new SafeSocketHandle(fds[0], ownsHandle: true)), new NetSocket(new SafeSocketHandle(fds[1], ownsHandle: true)));
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socketpair(int domain, int type, int protocol, int* fds);
}
