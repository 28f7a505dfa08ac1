using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TraitsBpf.Loader;
using TraitsBpf.Loader.AfXdp;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Maps.XskMapPrograms;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// XskMap on real traffic, with the loader's <see cref="AfXdpSocket"/> (copy mode) in the slot of the receiving veth's queue:
/// numbered UDP datagrams from the sender's namespace to <see cref="SocketPort"/> reach the AF_XDP socket whole and in order,
/// a datagram to another port reaches an ordinary socket, and once the AF_XDP socket is closed (its slot empty) the redirect
/// falls back to XDP_PASS and the stack delivers the datagrams. The kernel's verdict for every datagram equals managed
/// execution's on the bytes the socket received. Received frames go back to the fill ring and take later datagrams. Frames
/// the socket sends reach a socket in the sender's namespace. A bind the interface cannot take fails in one sentence.
/// </summary>
public sealed class XskMapTrafficTests
{
    private const int Datagrams = 16;
    private const ushort OtherPort = 9532;
    private const uint OtherSequence = Sequences - 1;
    private const ushort SenderPort = 40531;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private static readonly string Assembly = typeof(XskMapPrograms).Assembly.Location;

    [Theory]
    [InlineData(XdpMode.Native)]
    [InlineData(XdpMode.Generic)]
    public void RedirectedDatagramsReachTheSocketWholeAndAnEmptySlotFallsBackToTheStack(XdpMode mode)
    {
        using var veth = new VethPair("tbxsk");
        Assert.Equal(1, veth.Ping(1));
        var (frames, other, fallback, verdicts) = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var programs = new CompiledAssembly(Assembly, "x_to_socket");
            using var otherSocket = Listen(OtherPort);
            var socket = new AfXdpSocket(veth.ReceiverInterface, queueId: 0);
            programs.Map("Sockets").UpdateSlot(0, socket);
            using var xdp = programs.Program("x_to_socket").AttachXdp(veth.ReceiverInterface, mode);

            SendNumbered(veth, SocketPort, 0, Datagrams);
            SendNumbered(veth, OtherPort, OtherSequence, 1);
            var received = ReceiveFrames(socket, Datagrams);
            AssertNothingDropped(socket);
            var otherReceived = Drain(otherSocket);

            // Closing the socket takes it out of its slot: the same datagrams now fall back to XDP_PASS and the stack has them.
            socket.Dispose();
            socket.Dispose();
            using var fallbackSocket = Listen(SocketPort);
            SendNumbered(veth, SocketPort, Datagrams, Datagrams);
            var stack = Drain(fallbackSocket);
            var seen = Enumerable.Range(0, Sequences).Select(i => Verdict(programs, (uint)i)).ToArray();
            return (received, otherReceived, stack, seen);
        });

        Assert.Equal(Datagrams, frames.Count);
        var sender = Addresses(veth.SenderNamespace, veth.SenderInterface);
        var receiver = Addresses(veth.ReceiverNamespace, veth.ReceiverInterface);
        for (int i = 0; i < Datagrams; i++)
        {
            Assert.Equal(Expected(sender, receiver, SocketPort, (uint)i, frames[i]), frames[i]);
        }

        Assert.Equal([OtherSequence], other);
        Assert.Equal(Enumerable.Range(Datagrams, Datagrams).Select(i => (uint)i), fallback);

        // The kernel's verdict per datagram, and managed execution's on the bytes the socket received, with the slot filled and empty.
        var kernel = verdicts.Select(v => v == 0 ? (XdpAction?)null : (XdpAction)(v - 1)).ToArray();
        Assert.All(kernel[..Datagrams], v => Assert.Equal(XdpAction.Redirect, v));
        Assert.All(kernel[Datagrams..(2 * Datagrams)], v => Assert.Equal(XdpAction.Pass, v));
        Assert.Equal(XdpAction.Pass, kernel[OtherSequence]);
        Sockets.Clear();
        Sockets.Set(0, 0);
        Assert.Equal(kernel[..Datagrams], frames.Select(frame => (XdpAction?)Managed(frame)));
        Assert.Equal(XdpAction.Pass, Managed(Expected(sender, receiver, OtherPort, OtherSequence, frames[0])));
        Sockets.Clear();
        Assert.Equal(kernel[Datagrams..(2 * Datagrams)], frames.Select(frame => (XdpAction?)Managed(Renumbered(frame, Datagrams))));
    }

    [Fact]
    public void ReceivedFramesGoBackToTheFillRingForTheNextDatagrams()
    {
        const int Rounds = 6;
        const int ReceivingFrames = 4;
        using var veth = new VethPair("tbxsk");
        Assert.Equal(1, veth.Ping(1));
        var sequences = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var programs = new CompiledAssembly(Assembly, "x_to_socket");
            using var socket = new AfXdpSocket(veth.ReceiverInterface, queueId: 0, new AfXdpSocketOptions { FrameCount = 2 * ReceivingFrames });
            programs.Map("Sockets").UpdateSlot(0, socket);
            using var xdp = programs.Program("x_to_socket").AttachXdp(veth.ReceiverInterface, XdpMode.Native);
            var received = new List<uint>();
            for (uint round = 0; round < Rounds; round++)
            {
                SendNumbered(veth, SocketPort, round * ReceivingFrames, ReceivingFrames);
                int before = received.Count;
                while (received.Count - before < ReceivingFrames
                    && socket.Receive(frame => received.Add(BinaryPrimitives.ReadUInt32LittleEndian(frame[42..])), Wait) > 0)
                {
                }
            }

            AssertNothingDropped(socket);
            return received;
        });

        // Six times as many datagrams as the socket has receiving frames, each in the frame an earlier one gave back.
        Assert.Equal(Enumerable.Range(0, Rounds * ReceivingFrames).Select(i => (uint)i), sequences);
    }

    [Fact]
    public void SentFramesReachASocketOnThePeer()
    {
        using var veth = new VethPair("tbxsk");
        Assert.Equal(1, veth.Ping(1));
        var sender = Addresses(veth.SenderNamespace, veth.SenderInterface);
        var receiver = Addresses(veth.ReceiverNamespace, veth.ReceiverInterface);
        using var peer = NetworkNamespaceThread.Run(veth.SenderNamespace, () => Listen(SenderPort, VethPair.SenderAddress));
        NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var socket = new AfXdpSocket(veth.ReceiverInterface, queueId: 0, new AfXdpSocketOptions { FrameCount = 8, FrameSize = 4096 });
            // More frames than the socket has sending frames (4), so sending reuses the ones the kernel completed.
            for (uint i = 0; i < Datagrams; i++)
            {
                socket.Send(Reply(receiver, sender, i));
            }

            AssertNothingDropped(socket);
        });

        Assert.Equal(Enumerable.Range(0, Datagrams).Select(i => (uint)i), Drain(peer));
    }

    [Fact]
    public void BindsOnlyToQueuesAndModesTheInterfaceHasAndSaysWhyInOneSentence()
    {
        using var veth = new VethPair("tbxsk");
        string iface = veth.ReceiverInterface;
        NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            var queue = Assert.Throws<LoaderException>(() => new AfXdpSocket(iface, queueId: 7));
            Assert.Equal($"binding the AF_XDP socket for queue 7 of {iface} in copy mode failed: Invalid argument ({iface} has no queue 7)", queue.Message);
            Assert.Equal(22, queue.Errno);

            var missing = Assert.Throws<LoaderException>(() => new AfXdpSocket("tbxsknone", queueId: 0));
            Assert.Equal("network interface 'tbxsknone' does not exist in this network namespace", missing.Message);
            Assert.Equal(LoaderErrorKind.InterfaceNotFound, missing.Kind);

            var zeroCopy = Assert.Throws<LoaderException>(() => new AfXdpSocket(iface, 0, new AfXdpSocketOptions { Mode = AfXdpBindMode.ZeroCopy }));
            Assert.Equal($"binding the AF_XDP socket for queue 0 of {iface} in zero-copy mode failed: Operation not supported (the driver of {iface} does not support zero-copy AF_XDP sockets; bind in copy mode)", zeroCopy.Message);
            Assert.Equal(LoaderErrorKind.Unsupported, zeroCopy.Kind);

            using var socket = new AfXdpSocket(iface, queueId: 0);
            var busy = Assert.Throws<LoaderException>(() => new AfXdpSocket(iface, queueId: 0));
            Assert.Equal($"binding the AF_XDP socket for queue 0 of {iface} in copy mode failed: Device or resource busy (another AF_XDP socket is bound to queue 0 of {iface})", busy.Message);

            var frameSize = Assert.Throws<LoaderException>(() => new AfXdpSocket(iface, 0, new AfXdpSocketOptions { FrameSize = 3000 }));
            Assert.Equal("an AF_XDP socket's frames are 2048 or 4096 bytes, not 3000", frameSize.Message);
            var tooLong = Assert.Throws<LoaderException>(() => socket.Send(new byte[2049]));
            Assert.Equal($"a 2049-byte frame does not fit in a 2048-byte UMEM frame of the AF_XDP socket for queue 0 of {iface}", tooLong.Message);

            using var programs = new CompiledAssembly(Assembly, "x_to_socket");
            var notXsk = Assert.Throws<LoaderException>(() => programs.Map("Verdicts").UpdateSlot(0, socket));
            Assert.Equal("map 'Verdicts' is a Array map; only AF_XDP socket maps (XskMap) have slots for a socket", notXsk.Message);
            var pastEnd = Assert.Throws<LoaderException>(() => programs.Map("Sockets").UpdateSlot(4, socket));
            Assert.Equal(LoaderErrorKind.Failed, pastEnd.Kind);
        });
    }

    /// <summary>Every drop counter is 0 (the kernel counts an empty TX ring each time poll or sendto wakes it, which is no drop).</summary>
    private static void AssertNothingDropped(AfXdpSocket socket)
    {
        var statistics = socket.Statistics();
        Assert.Equal(new AfXdpStatistics(0, 0, 0, 0, 0, statistics.TxRingEmpty), statistics);
    }

    private static uint Verdict(CompiledAssembly programs, uint sequence)
    {
        var value = new byte[sizeof(uint)];
        Assert.True(programs.Map("Verdicts").Lookup(BitConverter.GetBytes(sequence), value));
        return BitConverter.ToUInt32(value);
    }

    private static XdpAction Managed(byte[] frame)
    {
        using var ctx = XdpContext.ForPacket(frame);
        return ManagedExecution.Run(ToSocket, ctx);
    }

    /// <summary>
    /// The datagram the sender's stack builds: its addresses and ports, the sequence as payload, the IPv4 identifier the stack
    /// chose (from <paramref name="received"/>) and, in the UDP checksum field, the pseudo-header sum alone: a veth offloads
    /// the checksum (CHECKSUM_PARTIAL), and the bytes an XDP program and the AF_XDP socket see are the ones the sender left
    /// for the device to complete.
    /// </summary>
    private static byte[] Expected((byte[] Mac, uint Ip) sender, (byte[] Mac, uint Ip) receiver, ushort port, uint sequence, byte[] received)
    {
        var frame = Datagram(receiver.Mac, sender.Mac, sender.Ip, receiver.Ip, SenderPort, port, sequence);
        frame[18] = received[18];
        frame[19] = received[19];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(24), 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(24), InternetChecksum.Compute(frame.AsSpan(14, 20)));
        byte[] pseudoHeader = [.. frame.AsSpan(26, 8), 0, IpProtocol.Udp, frame[38], frame[39]];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(40), (ushort)~InternetChecksum.Compute(pseudoHeader));
        return frame;
    }

    /// <summary>A frame from the receiver back to the sender's <see cref="SenderPort"/>.</summary>
    private static byte[] Reply((byte[] Mac, uint Ip) receiver, (byte[] Mac, uint Ip) sender, uint sequence) =>
        Datagram(sender.Mac, receiver.Mac, receiver.Ip, sender.Ip, SocketPort, SenderPort, sequence);

    private static byte[] Datagram(byte[] destinationMac, byte[] sourceMac, uint source, uint destination, ushort sourcePort, ushort destinationPort, uint sequence) =>
        FrameBuilder.Ethernet(0x0800, destinationMac, sourceMac).IPv4(IpProtocol.Udp, source, destination)
            .Udp(sourcePort, destinationPort, Payload(sequence)).Build().Bytes;

    /// <summary>The same frame with its sequence number moved on by <paramref name="by"/> (a managed run needs no checksum).</summary>
    private static byte[] Renumbered(byte[] frame, int by)
    {
        var copy = frame.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(42), BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(42)) + (uint)by);
        return copy;
    }

    private static byte[] Payload(uint sequence)
    {
        var payload = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, sequence);
        "tbxsk-af"u8.CopyTo(payload.AsSpan(4));
        return payload;
    }

    private static void SendNumbered(VethPair veth, ushort port, uint first, int count) => NetworkNamespaceThread.Run(veth.SenderNamespace, () =>
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Parse(VethPair.SenderAddress), SenderPort));
        for (uint i = first; i < first + count; i++)
        {
            sender.SendTo(Payload(i), new IPEndPoint(IPAddress.Parse(VethPair.ReceiverAddress), port));
        }
    });

    /// <summary>Frames from <paramref name="socket"/> until <paramref name="expected"/> came or none comes for <see cref="Wait"/>; then a short wait for any extra.</summary>
    private static List<byte[]> ReceiveFrames(AfXdpSocket socket, int expected)
    {
        var frames = new List<byte[]>();
        while (frames.Count < expected && socket.Receive(Wait) is { Count: > 0 } batch)
        {
            frames.AddRange(batch);
        }

        frames.AddRange(socket.Receive(TimeSpan.FromMilliseconds(200)));
        return frames;
    }

    private static Socket Listen(ushort port, string address = VethPair.ReceiverAddress)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 500 };
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), port));
        return socket;
    }

    /// <summary>The sequence numbers of the datagrams waiting on <paramref name="socket"/>, read until none comes within its timeout.</summary>
    private static List<uint> Drain(Socket socket)
    {
        var sequences = new List<uint>();
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                Assert.Equal(12, socket.Receive(buffer));
                sequences.Add(BinaryPrimitives.ReadUInt32LittleEndian(buffer));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return sequences;
        }
    }

    /// <summary>An interface's MAC address and its IPv4 address (as the frame builder takes it), from <c>ip -j addr show</c>.</summary>
    private static (byte[] Mac, uint Ip) Addresses(string ns, string iface)
    {
        var json = Run.Command("ip", "-n", ns, "-j", "addr", "show", "dev", iface).EnsureSuccess().Stdout;
        var link = JsonDocument.Parse(json).RootElement[0];
        var mac = Convert.FromHexString(link.GetProperty("address").GetString()!.Replace(":", "", StringComparison.Ordinal));
        var ip = link.GetProperty("addr_info").EnumerateArray().First(a => a.GetProperty("family").GetString() == "inet").GetProperty("local").GetString()!;
        return (mac, BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(ip).GetAddressBytes()));
    }
}
