using System.Buffers.Binary;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// Managed execution's SYN cookie model where the kernel cannot be put in the same state by a test: SipHash against
/// its published vectors, a cookie assembled as the kernel assembles one, and the listener checks of the helpers
/// that take a socket for headers a lookup could not have paired with that socket.
/// </summary>
public sealed unsafe class SynCookieJarTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, SynCookieJar.SecretLength).Select(i => (byte)(7 * i + 3))];

    [Fact]
    public void SipHashGivesThePublishedOutputs()
    {
        ulong key0 = BinaryPrimitives.ReadUInt64LittleEndian([0, 1, 2, 3, 4, 5, 6, 7]);
        ulong key1 = BinaryPrimitives.ReadUInt64LittleEndian([8, 9, 10, 11, 12, 13, 14, 15]);
        byte[] message = [.. Enumerable.Range(0, 15).Select(i => (byte)i)];

        // The SipHash paper's example (15 bytes), and the reference vectors' first and ninth entries.
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash(message, key0, key1));
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Hash([], key0, key1));
        Assert.Equal(0x93f5f5799a932462UL, SipHash.Hash(message.AsSpan(0, 8), key0, key1));
    }

    [Fact]
    public void AnIPv4CookieIsTheKernelsSumOfTwoHashesTheSequenceTheMinuteAndTheMssIndex()
    {
        var jar = new SynCookieJar(Secret);
        var ip = new IPv4Header { Source = 0x0100000A, Destination = 0x0200000A };
        var tcp = new TcpHeader { SourcePort = Net.Htons(40000), DestinationPort = Net.Htons(80), Sequence = Net.Htonl(1000), DataOffset = 5 << 4 };
        using var scope = new JarScope(jar);
        var cookie = SynCookieHelpers.RawGenerate(&ip, &tcp, 20);
        uint count = jar.CookieTime;
        uint source = ip.Source, destination = ip.Destination, ports = (uint)tcp.SourcePort << 16 | tcp.DestinationPort;
        uint Hash(uint minute, int key)
        {
            var words = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(words, source);
            BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(4), destination);
            BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(8), ports);
            BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(12), minute);
            return (uint)SipHash.Hash(words, BinaryPrimitives.ReadUInt64LittleEndian(Secret.AsSpan(16 * key)), BinaryPrimitives.ReadUInt64LittleEndian(Secret.AsSpan(16 * key + 8)));
        }

        // 536, the default MSS, is entry 0 of the table.
        Assert.Equal(Hash(0, 0) + 1000 + (count << 24) + (Hash(count, 1) & 0xFFFFFF), cookie.Cookie);
        Assert.Equal(536, cookie.Mss);
    }

    [Fact]
    public void AListenerAtOneIssuesCookiesOnlyWhileItsSynQueueIsFull()
    {
        var jar = new SynCookieJar(Secret) { TcpSyncookies = 1 };
        var socket = new BpfSocket { Family = 2, Type = 1, Protocol = 6, State = (uint)SocketState.Listen };
        var (ip, tcp) = Syn();
        using var scope = new JarScope(jar);
        int before = SynCookieHelpers.Generate(&socket, (byte*)&ip, sizeof(IPv4Header), &tcp, 20).Error;
        jar.Listener(&socket).RequestQueueFull = true;
        var full = SynCookieHelpers.Generate(&socket, (byte*)&ip, sizeof(IPv4Header), &tcp, 20);

        Assert.Equal(-Errno.ENOENT, before);
        Assert.Equal((0, (ushort)536), (full.Error, full.Mss));
    }

    [Fact]
    public void AHeaderOfAFamilyTheListenerDoesNotTakeIsInvalid()
    {
        var jar = new SynCookieJar(Secret) { TcpSyncookies = 2 };
        var ipv4Listener = new BpfSocket { Family = 2, Type = 1, Protocol = 6, State = (uint)SocketState.Listen };
        var ipv6Only = new BpfSocket { Family = 10, Type = 1, Protocol = 6, State = (uint)SocketState.Listen };
        jar.Listener(&ipv6Only).IPv6Only = true;
        var dualStack = new BpfSocket { Family = 10, Type = 1, Protocol = 6, State = (uint)SocketState.Listen };
        var (ip, tcp) = Syn();
        var ip6 = new IPv6Header { VersionClassFlow = Net.Htonl(6u << 28) };
        var ip5 = new IPv6Header { VersionClassFlow = Net.Htonl(5u << 28) };
        using var scope = new JarScope(jar);
        int[] errors =
        [
            SynCookieHelpers.Generate(&ipv6Only, (byte*)&ip, sizeof(IPv4Header), &tcp, 20).Error,
            SynCookieHelpers.Generate(&dualStack, (byte*)&ip, sizeof(IPv4Header), &tcp, 20).Error,
            SynCookieHelpers.Generate(&ipv4Listener, (byte*)&ip6, sizeof(IPv6Header), &tcp, 20).Error,
            SynCookieHelpers.Generate(&dualStack, (byte*)&ip6, sizeof(IPv6Header), &tcp, 20).Error,
            SynCookieHelpers.Generate(&dualStack, (byte*)&ip6, sizeof(IPv4Header), &tcp, 20).Error,
            SynCookieHelpers.Generate(&dualStack, (byte*)&ip5, sizeof(IPv6Header), &tcp, 20).Error,
        ];

        // IPv4 suits a dual-stack listener; IPv6 needs an IPv6 listener and all 40 bytes of its header.
        Assert.Equal([-Errno.EINVAL, 0, -Errno.EINVAL, 0, -Errno.EINVAL, -Errno.EPROTONOSUPPORT], errors);
    }

    [Fact]
    public void AListenerTakesCookieAcksForTwoMinutesAfterItLastIssuedOne()
    {
        var jar = new SynCookieJar(Secret) { TcpSyncookies = 2 };
        var issuing = new BpfSocket { Family = 2, Type = 1, Protocol = 6, State = (uint)SocketState.Listen };
        var fresh = issuing;
        var (ip, syn) = Syn();
        var ack = syn;
        ack.Flags = 0x10;
        ack.Sequence = Net.Htonl(1001);
        using var scope = new JarScope(jar);
        static int Check(BpfSocket* listener, IPv4Header* ip, TcpHeader* ack) => SynCookieHelpers.Check(listener, (byte*)ip, sizeof(IPv4Header), ack, 20);
        static void Issue(BpfSocket* listener, IPv4Header* ip, TcpHeader* syn, TcpHeader* ack) =>
            ack->Acknowledgment = Net.Htonl(SynCookieHelpers.Generate(listener, (byte*)ip, sizeof(IPv4Header), syn, 20).Cookie + 1);

        Issue(&issuing, &ip, &syn, &ack);
        int[] anHourUp = [Check(&issuing, &ip, &ack), Check(&fresh, &ip, &ack)];
        jar.Uptime += TimeSpan.FromSeconds(121);
        Issue(&issuing, &ip, &syn, &ack);
        jar.Uptime += TimeSpan.FromSeconds(121);
        int twoMinutesOn = Check(&issuing, &ip, &ack);

        // Five to seven minutes after boot the kernel's 32-bit comparison takes the 0 of a listener that never
        // issued a cookie for a recent time, so the fresh listener takes the ACK of another's cookie.
        jar.Uptime = TimeSpan.FromSeconds(360);
        Issue(&issuing, &ip, &syn, &ack);
        int early = Check(&fresh, &ip, &ack);

        Assert.Equal([0, -Errno.ENOENT, -Errno.ENOENT, 0], [.. anHourUp, twoMinutesOn, early]);
    }

    private static (IPv4Header Ip, TcpHeader Tcp) Syn() =>
        (new IPv4Header { VersionIhl = 0x45, Source = 0x0100000A, Destination = 0x0100007F },
         new TcpHeader { SourcePort = Net.Htons(40000), DestinationPort = Net.Htons(80), Sequence = Net.Htonl(1000), DataOffset = 5 << 4, Flags = 0x02 });

    /// <summary>Managed execution's SYN cookie state for as long as the scope lasts.</summary>
    private sealed class JarScope : IDisposable
    {
        public JarScope(SynCookieJar jar) => ManagedExecution.SynCookies = jar;

        public void Dispose() => ManagedExecution.SynCookies = null;
    }
}
