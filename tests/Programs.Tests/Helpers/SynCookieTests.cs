using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using NetSocket = System.Net.Sockets.Socket;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Compiles and loads the SYN cookie programs once.</summary>
public sealed class SynCookieFixture : IDisposable
{
    public SynCookieFixture() => Programs = new CompiledAssembly(typeof(SynCookiePrograms).Assembly.Location, "h_syncookie_xdp", "h_syncookie_tc", "h_syncookie_sock");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// The kernel issues SYN cookies whose MSS part is its table's entry for the SYN's MSS option, takes an ACK carrying
/// its cookie plus one and refuses a changed one, and refuses bad header lengths, at XDP and at TC, for IPv4 and IPv6,
/// with and without a listener; managed execution, whose <see cref="SynCookieJar"/> has its own secret, gives the same
/// outcome every time, each side checking the ACK of its own cookie.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe class SynCookieTests(SynCookieFixture fixture) : IClassFixture<SynCookieFixture>
{
    private const ushort ServerPort = 80;
    private const ushort ClientPort = 40000;
    private const uint SynSequence = 1000;
    private const int TcpMaxSegment = 2;

    private static readonly ushort?[] IPv4Announced = [null, 100, 536, 1299, 1300, 1439, 1440, 1459, 1460, 9000];
    private static readonly ushort[] IPv4Encoded = [536, 536, 536, 536, 1300, 1300, 1440, 1440, 1460, 1460];
    private static readonly ushort?[] IPv6Announced = [null, 1000, 1419, 1420, 1440, 8939, 8940, 9000];
    private static readonly ushort[] IPv6Encoded = [1220, 1220, 1220, 1420, 1440, 1440, 8940, 8940];
    private static readonly ushort[] IPv4Table = [536, 1300, 1440, 1460];
    private static readonly ushort[] IPv6Table = [1220, 1420, 1440, 8940];

    public static TheoryData<string> RawPrograms => ["h_syncookie_xdp", "h_syncookie_tc"];

    [Theory]
    [MemberData(nameof(RawPrograms))]
    public void TheMssOfACookieIsTheTablesEntryAndTheAckOfTheCookieChecksValid(string program)
    {
        var outcomes = WithJar(SynCookieJar.WithRandomSecret(), () =>
        {
            var checks = new List<string>();
            foreach (bool ipv6 in new[] { false, true })
            {
                var (announced, encoded) = ipv6 ? (IPv6Announced, IPv6Encoded) : (IPv4Announced, IPv4Encoded);
                for (int i = 0; i < announced.Length; i++)
                {
                    byte[] options = announced[i] is { } mss ? TcpOptions.Mss(mss) : [];
                    var syn = Syn(ipv6, options);
                    var (kernel, managed) = Run(program, syn, syn);
                    Assert.Equal((0, encoded[i]), (kernel.Result, kernel.Mss));
                    Assert.Equal((0, encoded[i]), (managed.Result, managed.Mss));
                    checks.Add(Checks(program, syn, kernel.Cookie, managed.Cookie));
                }
            }

            return checks;
        });

        // Each side takes the ACK of its own cookie. The cookie's low bits are the MSS's index in the table plus a
        // hash, so one more, or a sequence number one further, moves the index: still valid while it stays in the
        // table (a different MSS), as in the kernel. Any other change, and another port, is refused.
        int[] indexes = [.. IPv4Encoded.Select(m => Array.IndexOf(IPv4Table, m)), .. IPv6Encoded.Select(m => Array.IndexOf(IPv6Table, m))];
        string Expected(int index) => $"0/{(index < 3 ? 0 : -Errno.EACCES)}/{-Errno.EACCES}/{(index > 0 ? 0 : -Errno.EACCES)}/{-Errno.EACCES}";
        Assert.Equal(indexes.Select(Expected), outcomes);
    }

    [Theory]
    [MemberData(nameof(RawPrograms))]
    public void TheMssOptionIsFoundAsTheKernelWalksTheOptions(string program)
    {
        byte[][] options =
        [
            [1, 1, .. TcpOptions.Mss(1440)],
            [.. TcpOptions.WindowScale(7), 1, .. TcpOptions.Mss(1300)],
            [.. TcpOptions.Mss(1300), .. TcpOptions.Mss(1460)],
            [0, .. TcpOptions.Mss(1460)],
            [.. TcpOptions.Mss(0)],
            [2, 5, 0x05, 0xB4, 0],
            [8, 30, .. TcpOptions.Mss(1460)],
            [8, 1, .. TcpOptions.Mss(1460)],
            [.. TcpOptions.SackPermitted, .. TcpOptions.Timestamps(7, 0), 1, .. TcpOptions.WindowScale(7), .. TcpOptions.Mss(1440)],
            [.. Enumerable.Repeat((byte)1, 40)],
        ];
        ushort[] expected = [1440, 1300, 1460, 536, 536, 536, 536, 536, 1440, 536];
        var found = WithJar(SynCookieJar.WithRandomSecret(), () => options.Select(o =>
        {
            var syn = Syn(ipv6: false, o);
            var (kernel, managed) = Run(program, syn, syn);
            Assert.Equal((kernel.Result, kernel.Mss), (managed.Result, managed.Mss));
            return $"{kernel.Result}:{kernel.Mss}";
        }).ToList());
        Assert.Equal(expected.Select(mss => $"0:{mss}"), found);
    }

    [Theory]
    [MemberData(nameof(RawPrograms))]
    public void ALengthOtherThanTheHeadersOwnIsInvalid(string program)
    {
        var results = WithJar(SynCookieJar.WithRandomSecret(), () =>
        {
            var seen = new List<string>();
            foreach (bool ipv6 in new[] { false, true })
            {
                var plain = Syn(ipv6, []);
                var withMss = Syn(ipv6, TcpOptions.Mss(1460));
                var shortHeader = Syn(ipv6, []);
                shortHeader[TcpOffset(ipv6) + 12] = 4 << 4;
                foreach (var (syn, length) in new[] { (plain, 24), (withMss, 20), (plain, 16), (shortHeader, 0), (withMss, 28) })
                {
                    var request = Requesting(syn, ipv6, length);
                    var (kernel, managed) = Run(program, request, request);
                    Assert.Equal(kernel.Result, managed.Result);
                    seen.Add($"{kernel.Result}");
                }
            }

            return seen;
        });

        Assert.All(results, r => Assert.Equal($"{-Errno.EINVAL}", r));
    }

    [Fact]
    public void ACookieIsValidForTheMinuteItWasIssuedInAndTheNextOnly()
    {
        // Jiffies start five minutes' worth before their 32-bit wrap, so at HZ = 1000 the cookie minute turns
        // 12.704 s into each minute of uptime: issue the cookie in the last millisecond of one.
        var issuedAt = TimeSpan.FromMinutes(59) + TimeSpan.FromMilliseconds(12703);
        var jar = new SynCookieJar([.. Enumerable.Range(0, SynCookieJar.SecretLength).Select(i => (byte)i)]) { Uptime = issuedAt };
        var results = WithJar(jar, () =>
        {
            var syn = Syn(ipv6: true, TcpOptions.Mss(1500));
            var issued = Managed(SynCookiePrograms.Tc, syn);
            Assert.Equal((0, (ushort)1440), (issued.Result, issued.Mss));
            uint minute = jar.CookieTime;
            var ack = Ack(syn, ipv6: true, issued.Cookie + 1, SynSequence + 1);
            var checks = new List<string>();
            foreach (int later in new[] { 0, 1, 60_000, 60_001, 120_000 })
            {
                jar.Uptime = issuedAt + TimeSpan.FromMilliseconds(later);
                checks.Add($"{jar.CookieTime - minute}:{Managed(SynCookiePrograms.Tc, ack).Result}");
            }

            return checks;
        });

        Assert.Equal(["0:0", "1:0", "1:0", $"2:{-Errno.EACCES}", $"2:{-Errno.EACCES}"], results);
    }

    [Fact]
    public void ManagedExecutionWithoutAJarSaysWhatIsMissing()
    {
        var error = Assert.Throws<NotSupportedException>(() => Managed(SynCookiePrograms.Xdp, Syn(ipv6: false, [])));
        Assert.Contains("ManagedExecution.SynCookies", error.Message);
    }

    [Fact]
    public void AListenerIssuesCookiesAsItsNamespacesSysctlSaysAndTakesTheirAcks()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "link", "set", "lo", "up");
        var outcomes = NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var listener = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            using var listener6 = new NetSocket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
            listener6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            listener6.Listen();
            ushort port = (ushort)((IPEndPoint)listener.LocalEndPoint!).Port;
            ushort port6 = (ushort)((IPEndPoint)listener6.LocalEndPoint!).Port;

            SocketTable.Clear();
            SocketTable.Add(Listener(port));
            var entry6 = new BpfSocket { Family = 10, Type = 1, Protocol = 6, SourcePort = port6, State = (uint)SocketState.Listen, RxQueueMapping = -1 };
            entry6.SourceIPv6[3] = Net.Htonl(1);
            var jar = SynCookieJar.WithRandomSecret();
            jar.Listener(SocketTable.Add(entry6)).IPv6Only = true;
            ManagedExecution.SynCookies = jar;
            try
            {
                var seen = new List<string>();
                void Sysctl(int value)
                {
                    Tool.RunClean("ip", "netns", "exec", ns.Name, "sysctl", "-qw", $"net.ipv4.tcp_syncookies={value}");
                    jar.TcpSyncookies = value;
                }

                // Always (2): SYNs get cookies with the listener's MSS rules, each side takes the ACK of its own.
                Sysctl(2);
                foreach (bool ipv6 in new[] { false, true })
                {
                    ushort to = ipv6 ? port6 : port;
                    foreach (var options in new[] { TcpOptions.Mss(1460), [] })
                    {
                        var syn = ToListener(Syn(ipv6, options), ipv6, to);
                        var (kernel, managed) = Run("h_syncookie_sock", syn, syn);
                        Assert.Equal((kernel.Result, kernel.Mss), (managed.Result, managed.Mss));
                        seen.Add($"{kernel.Result}:{kernel.Mss}");
                        var (kernelAck, managedAck) = Run("h_syncookie_sock", Ack(syn, ipv6, kernel.Cookie + 1, SynSequence + 1), Ack(syn, ipv6, managed.Cookie + 1, SynSequence + 1));
                        var (kernelBad, managedBad) = Run("h_syncookie_sock", Ack(syn, ipv6, kernel.Cookie + 4097, SynSequence + 1), Ack(syn, ipv6, managed.Cookie + 4097, SynSequence + 1));
                        Assert.Equal((kernelAck.Result, kernelBad.Result), (managedAck.Result, managedBad.Result));
                        seen.Add($"{kernelAck.Result}/{kernelBad.Result}");
                    }
                }

                var plain = ToListener(Syn(ipv6: false, []), ipv6: false, port);
                var synAck = (byte[])plain.Clone();
                synAck[TcpOffset(false) + 13] = 0x12;
                var rstAck = Ack(plain, ipv6: false, 1, SynSequence + 1);
                rstAck[TcpOffset(false) + 13] = 0x14;
                var elsewhere = ToListener(Syn(ipv6: false, []), ipv6: false, (ushort)(port == 9 ? 10 : 9));
                foreach (var packet in new[] { synAck, rstAck, Requesting(plain, false, 24), Requesting(Ack(plain, false, 1, SynSequence + 1), false, 16), elsewhere })
                {
                    var (kernel, managed) = Run("h_syncookie_sock", packet, packet);
                    Assert.Equal(kernel.Result, managed.Result);
                    seen.Add($"{kernel.Result}");
                }

                // When the SYN queue overflows (1), which it has not, and never (0).
                foreach (int sysctl in new[] { 1, 0 })
                {
                    Sysctl(sysctl);
                    var (kernelSyn, managedSyn) = Run("h_syncookie_sock", plain, plain);
                    var ack = Ack(plain, ipv6: false, 1, SynSequence + 1);
                    var (kernelAck, managedAck) = Run("h_syncookie_sock", ack, ack);
                    Assert.Equal((kernelSyn.Result, kernelAck.Result), (managedSyn.Result, managedAck.Result));
                    seen.Add($"{sysctl}:{kernelSyn.Result}/{kernelAck.Result}");
                }

                Assert.Equal(0, SocketTable.HeldReferences);
                return seen;
            }
            finally
            {
                ManagedExecution.SynCookies = null;
                SocketTable.Clear();
            }
        });

        string einval = $"{-Errno.EINVAL}", enoent = $"{-Errno.ENOENT}";
        Assert.Equal(
            [
                "0:1460", $"0/{enoent}", "0:536", $"0/{enoent}",
                "0:1440", $"0/{enoent}", "0:1220", $"0/{enoent}",
                einval, enoent, einval, einval, $"{SynCookiePrograms.NoListener}",
                $"1:{enoent}/{enoent}", $"0:{enoent}/{einval}",
            ],
            outcomes);
    }

    [Fact]
    public void TheListenersMaximumSegmentSizeAndQueuesDecideAsInTheKernel()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "link", "set", "lo", "up");
        var outcomes = NetworkNamespaceThread.Run(ns.Name, () =>
        {
            // A listener whose owner set TCP_MAXSEG, and one with a backlog of 0, whose queues are as small as can be.
            using var capped = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            capped.SetRawSocketOption(IpProtocol.Tcp, TcpMaxSegment, BitConverter.GetBytes(1400));
            capped.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            capped.Listen();
            using var small = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            small.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            small.Listen(0);
            ushort cappedPort = (ushort)((IPEndPoint)capped.LocalEndPoint!).Port;
            ushort smallPort = (ushort)((IPEndPoint)small.LocalEndPoint!).Port;

            SocketTable.Clear();
            var jar = SynCookieJar.WithRandomSecret();
            jar.Listener(SocketTable.Add(Listener(cappedPort))).UserMss = 1400;
            var smallListener = jar.Listener(SocketTable.Add(Listener(smallPort)));
            ManagedExecution.SynCookies = jar;
            try
            {
                var seen = new List<string>();
                void Syn(ushort port, byte[] options)
                {
                    var syn = ToListener(SynCookieTests.Syn(ipv6: false, options), ipv6: false, port);
                    var (kernel, managed) = Run("h_syncookie_sock", syn, syn);
                    Assert.Equal((kernel.Result, kernel.Mss), (managed.Result, managed.Mss));
                    seen.Add(kernel.Result == 0 ? $"{kernel.Mss}" : $"{kernel.Result}");
                }

                void Sysctl(int value)
                {
                    Tool.RunClean("ip", "netns", "exec", ns.Name, "sysctl", "-qw", $"net.ipv4.tcp_syncookies={value}");
                    jar.TcpSyncookies = value;
                }

                Sysctl(2);
                Syn(cappedPort, TcpOptions.Mss(1460));
                Syn(cappedPort, TcpOptions.Mss(1350));
                Syn(cappedPort, []);
                Syn(smallPort, TcpOptions.Mss(1460));

                // At 1 a listener issues cookies only while its SYN queue is full, which these are not.
                Sysctl(1);
                Syn(cappedPort, TcpOptions.Mss(1460));
                Syn(smallPort, TcpOptions.Mss(1460));

                // A connection waiting to be accepted fills the backlog of 0: no more cookies, whatever the sysctl.
                Sysctl(2);
                using var client = new NetSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.Connect(new IPEndPoint(IPAddress.Loopback, smallPort));
                smallListener.AcceptQueueFull = true;
                Syn(smallPort, TcpOptions.Mss(1460));
                Assert.Equal(0, SocketTable.HeldReferences);
                return seen;
            }
            finally
            {
                ManagedExecution.SynCookies = null;
                SocketTable.Clear();
            }
        });

        string enoent = $"{-Errno.ENOENT}";
        Assert.Equal(["1300", "1300", "536", "1460", enoent, enoent, enoent], outcomes);
    }

    private (Outcome Kernel, Outcome Managed) Run(string program, byte[] kernelPacket, byte[] managedPacket)
    {
        var kernel = fixture.Programs.Program(program).TestRun(kernelPacket);
        var managed = program switch
        {
            "h_syncookie_xdp" => Managed(SynCookiePrograms.Xdp, managedPacket),
            "h_syncookie_tc" => Managed(SynCookiePrograms.Tc, managedPacket),
            _ => Managed(SynCookiePrograms.Socket, managedPacket),
        };
        bool ipv6 = kernelPacket[12] == 0x86;
        return (Outcome.Of(kernel.DataOut, ipv6), managed);
    }

    /// <summary>What the program wrote, run as managed code.</summary>
    private static Outcome Managed(Func<XdpContext, XdpAction> program, byte[] packet)
    {
        using var ctx = XdpContext.ForPacket(packet);
        ManagedExecution.Run(program, ctx);
        return Outcome.Of(ctx.Packet, packet[12] == 0x86);
    }

    private static Outcome Managed(Func<TcContext, TcAction> program, byte[] packet)
    {
        using var ctx = TcContext.ForPacket(packet);
        ManagedExecution.Run(program, ctx);
        return Outcome.Of(ctx.Packet, packet[12] == 0x86);
    }

    /// <summary>Runs <paramref name="test"/> with <paramref name="jar"/> as managed execution's SYN cookie state.</summary>
    private static T WithJar<T>(SynCookieJar jar, Func<T> test)
    {
        ManagedExecution.SynCookies = jar;
        try
        {
            return test();
        }
        finally
        {
            ManagedExecution.SynCookies = null;
        }
    }

    /// <summary>
    /// A SYN from port 40000 to port 80 with sequence number 1000 and <paramref name="options"/>, padded with zeros to
    /// the room and outcome the programs need.
    /// </summary>
    private static byte[] Syn(bool ipv6, byte[] options)
    {
        var ip = ipv6 ? PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.Tcp) : PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp);
        var frame = ip.Tcp(ClientPort, ServerPort, 0x02, options).Build();
        Array.Resize(ref frame, TcpOffset(ipv6) + SynCookiePrograms.Room + SynCookiePrograms.Outcome + (ipv6 ? 0 : 20));
        return frame;
    }

    /// <summary>The ACK completing <paramref name="syn"/>'s handshake: acknowledgment number <paramref name="acknowledgment"/>.</summary>
    private static byte[] Ack(byte[] syn, bool ipv6, uint acknowledgment, uint sequence)
    {
        var ack = (byte[])syn.Clone();
        int tcp = TcpOffset(ipv6);
        ack[tcp + 13] = 0x10;
        BinaryPrimitives.WriteUInt32BigEndian(ack.AsSpan(tcp + 4), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(ack.AsSpan(tcp + 8), acknowledgment);
        return ack;
    }

    /// <summary><paramref name="packet"/> asking the program to pass <paramref name="length"/> as the TCP header length.</summary>
    private static byte[] Requesting(byte[] packet, bool ipv6, int length)
    {
        var copy = (byte[])packet.Clone();
        copy[TcpOffset(ipv6) + SynCookiePrograms.Room + 12] = (byte)length;
        return copy;
    }

    /// <summary><paramref name="packet"/> sent over loopback to <paramref name="port"/>.</summary>
    private static byte[] ToListener(byte[] packet, bool ipv6, ushort port)
    {
        var copy = (byte[])packet.Clone();
        if (ipv6)
        {
            IPAddress.IPv6Loopback.GetAddressBytes().CopyTo(copy, 14 + 24);
        }
        else
        {
            IPAddress.Loopback.GetAddressBytes().CopyTo(copy, 14 + 16);
        }

        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(TcpOffset(ipv6) + 2), port);
        return copy;
    }

    private static int TcpOffset(bool ipv6) => 14 + (ipv6 ? 40 : 20);

    /// <summary>What <c>struct bpf_sock</c> shows for a TCP socket listening on 127.0.0.1:<paramref name="port"/>.</summary>
    private static BpfSocket Listener(ushort port) =>
        new() { Family = 2, Type = 1, Protocol = 6, SourceIPv4 = 0x0100007F, SourcePort = port, State = (uint)SocketState.Listen, RxQueueMapping = -1 };

    /// <summary>
    /// The raw check of ACKs of <paramref name="syn"/>, each side's carrying its own cookie plus one and changed so:
    /// unchanged, one more, 4096 more, with a sequence number one past the SYN's plus one, and from another port.
    /// The kernel's and managed execution's results must be equal.
    /// </summary>
    private string Checks(string program, byte[] syn, uint kernelCookie, uint managedCookie)
    {
        bool ipv6 = syn[12] == 0x86;
        var results = new List<int>();
        foreach (var (added, sequence, port) in new[] { (1u, SynSequence + 1, ClientPort), (2u, SynSequence + 1, ClientPort), (4097u, SynSequence + 1, ClientPort), (1u, SynSequence + 2, ClientPort), (1u, SynSequence + 1, (ushort)(ClientPort + 1)) })
        {
            var kernelAck = Ack(syn, ipv6, kernelCookie + added, sequence);
            var managedAck = Ack(syn, ipv6, managedCookie + added, sequence);
            BinaryPrimitives.WriteUInt16BigEndian(kernelAck.AsSpan(TcpOffset(ipv6)), port);
            BinaryPrimitives.WriteUInt16BigEndian(managedAck.AsSpan(TcpOffset(ipv6)), port);
            var (kernel, managed) = Run(program, kernelAck, managedAck);
            Assert.Equal(kernel.Result, managed.Result);
            results.Add(kernel.Result);
        }

        return string.Join('/', results);
    }

    /// <summary>The outcome a program wrote after the room for the TCP header.</summary>
    private readonly record struct Outcome(int Result, ushort Mss, uint Cookie)
    {
        public static Outcome Of(byte[] packet, bool ipv6)
        {
            int at = TcpOffset(ipv6) + SynCookiePrograms.Room;
            return new(BitConverter.ToInt32(packet, at), BitConverter.ToUInt16(packet, at + 4), BitConverter.ToUInt32(packet, at + 8));
        }
    }
}
