using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using NetSocket = System.Net.Sockets.Socket;
using static TraitsBpf.Programs.Tests.Helpers.SynProxyPrograms;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// The XDP SYN proxy (<see cref="SynProxyPrograms"/>): in the kernel's test run and as managed code it turns a SYN into
/// the same SYN-ACK but for the cookie, and takes the ACK of its own cookie only; on a veth pair between two
/// namespaces a client's connect() completes through it, with the MSS its cookie encodes.
/// </summary>
public sealed class SynProxyTests
{
    private const int TcpOffset = 14 + 20;
    private const ushort ClientPort = 40000;
    private const int TcpMaxSegment = 2;
    private static readonly string Assembly = typeof(SynProxyPrograms).Assembly.Location;

    [Fact]
    public void ASynGetsTheSynAckOfItsCookieAndOnlyTheAckOfThatCookieIsTakenAndManagedExecutionAgrees()
    {
        using var programs = new CompiledAssembly(Assembly, "h_syn_proxy");
        var program = programs.Program("h_syn_proxy");
        SynProxyCounts.Clear();
        ManagedExecution.SynCookies = SynCookieJar.WithRandomSecret();
        try
        {
            // What Linux sends: MSS, SACK permitted, timestamps, a no-op and the window scale, 40 bytes of TCP header.
            byte[] options = [.. TcpOptions.Mss(1360), .. TcpOptions.SackPermitted, .. TcpOptions.Timestamps(77, 0), .. TcpOptions.Nop, .. TcpOptions.WindowScale(7)];
            var syn = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(ClientPort, ProtectedPort, 0x02, options).Build();
            var kernel = program.TestRun(syn);
            var (managedAction, managedOutput) = Managed(syn);
            Assert.Equal((uint)XdpAction.Tx, kernel.ReturnValue);
            Assert.Equal(XdpAction.Tx, managedAction);

            // The same SYN-ACK but for the cookie in the sequence number and the checksum over it, which is valid in both.
            foreach (var synAck in new[] { kernel.DataOut, managedOutput })
            {
                Assert.Equal(TcpOffset + 24, synAck.Length);
                Assert.True(InternetChecksum.IsValid(synAck.AsSpan(14, 20)));
                byte[] pseudo = [.. synAck.AsSpan(26, 8), 0, IpProtocol.Tcp, 0, 24];
                Assert.True(InternetChecksum.IsValid(synAck.AsSpan(TcpOffset), pseudo));
                Assert.Equal(1001u, BinaryPrimitives.ReadUInt32BigEndian(synAck.AsSpan(TcpOffset + 8)));
                Assert.Equal("6012FFFF", Convert.ToHexString(synAck, TcpOffset + 12, 4));
                Assert.Equal("02040514", Convert.ToHexString(synAck, TcpOffset + 20, 4));
            }

            Assert.Equal(WithoutCookie(kernel.DataOut), WithoutCookie(managedOutput));
            Assert.Equal("0A000002", Convert.ToHexString(kernel.DataOut, 26, 4));

            uint kernelCookie = BinaryPrimitives.ReadUInt32BigEndian(kernel.DataOut.AsSpan(TcpOffset + 4));
            uint managedCookie = BinaryPrimitives.ReadUInt32BigEndian(managedOutput.AsSpan(TcpOffset + 4));
            var verdicts = new List<string>();
            foreach (uint added in new[] { 1u, 4097u })
            {
                var kernelAck = program.TestRun(Ack(kernelCookie + added));
                var (managedAck, _) = Managed(Ack(managedCookie + added));
                verdicts.Add($"{(XdpAction)kernelAck.ReturnValue}/{managedAck}");
            }

            Assert.Equal(["Drop/Drop", "Drop/Drop"], verdicts);
            ulong[] kernelCounts = [.. Enumerable.Range(0, 3).Select(i => programs.ReadUInt64(nameof(SynProxyCounts), (uint)i))];
            Assert.Equal([1ul, 1ul, 1ul], kernelCounts);
            Assert.Equal(kernelCounts, new[] { SynProxyCounts[Answered], SynProxyCounts[Accepted], SynProxyCounts[Refused] });
        }
        finally
        {
            ManagedExecution.SynCookies = null;
            SynProxyCounts.Clear();
        }
    }

    [Fact]
    public void AClientConnectsThroughTheProxyWithTheMssOfItsCookie()
    {
        using var veth = new VethPair();
        // The client's MTU makes it announce an MSS of 1360, which the cookie rounds down to 1300.
        Tool.RunClean("ip", "-n", veth.SenderNamespace, "link", "set", veth.SenderInterface, "mtu", "1400");
        var (mss, counts) = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var programs = new CompiledAssembly(Assembly, "h_syn_proxy");
            using var xdp = programs.Program("h_syn_proxy").AttachXdp(veth.ReceiverInterface, XdpMode.Generic);
            int clientMss = NetworkNamespaceThread.Run(veth.SenderNamespace, () =>
            {
                var proxy = new IPEndPoint(IPAddress.Parse(VethPair.ReceiverAddress), ProtectedPort);
                using var client = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.Connect(proxy);
                var mss = new byte[4];
                client.GetRawSocketOption(IpProtocol.Tcp, TcpMaxSegment, mss);

                // An ACK no SYN-ACK asked for, from a raw socket: the proxy refuses it.
                using var raw = new NetSocket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Tcp);
                var forged = new byte[20];
                BinaryPrimitives.WriteUInt16BigEndian(forged, ClientPort + 1);
                BinaryPrimitives.WriteUInt16BigEndian(forged.AsSpan(2), ProtectedPort);
                BinaryPrimitives.WriteUInt32BigEndian(forged.AsSpan(4), 1);
                BinaryPrimitives.WriteUInt32BigEndian(forged.AsSpan(8), 0x12345678);
                forged[12] = 5 << 4;
                forged[13] = 0x10;
                raw.SendTo(forged, proxy);
                return BitConverter.ToInt32(mss);
            });

            var watch = Stopwatch.StartNew();
            ulong[] seen;
            do
            {
                seen = [.. Enumerable.Range(0, 3).Select(i => programs.ReadUInt64(nameof(SynProxyCounts), (uint)i))];
            }
            while (seen[(int)Refused] == 0 && watch.Elapsed < TimeSpan.FromSeconds(5) && Sleep());

            return (clientMss, seen);
        });

        Assert.Equal(1300, mss);
        Assert.Equal([1ul, 1ul, 1ul], counts);
    }

    private static bool Sleep()
    {
        Thread.Sleep(20);
        return true;
    }

    private static (XdpAction Action, byte[] Output) Managed(byte[] packet)
    {
        using var ctx = XdpContext.ForPacket(packet);
        var action = ManagedExecution.Run(SynProxyPrograms.Run, ctx);
        return (action, ctx.Packet);
    }

    /// <summary>The client's ACK of the SYN-ACK whose cookie plus one is <paramref name="acknowledgment"/>.</summary>
    private static byte[] Ack(uint acknowledgment)
    {
        var ack = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(ClientPort, ProtectedPort, 0x10).Build();
        BinaryPrimitives.WriteUInt32BigEndian(ack.AsSpan(TcpOffset + 4), 1001);
        BinaryPrimitives.WriteUInt32BigEndian(ack.AsSpan(TcpOffset + 8), acknowledgment);
        return ack;
    }

    /// <summary>The frame with the TCP sequence number and checksum, which depend on the cookie, zeroed.</summary>
    private static string WithoutCookie(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        copy.AsSpan(TcpOffset + 4, 4).Clear();
        copy.AsSpan(TcpOffset + 16, 2).Clear();
        return Convert.ToHexString(copy);
    }
}
