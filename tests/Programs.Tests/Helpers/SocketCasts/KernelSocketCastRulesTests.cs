namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>
/// Managed execution answers each bpf_skc_to_* cast by the kernel's test of the socket (net/core/filter.c) applied to
/// the <see cref="SocketTable"/> entry, and returns the kernel struct the test gave it; where the kernel would return
/// one and the test gave none, or gave one of another kind, it throws instead of making one up.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed unsafe class KernelSocketCastRulesTests
{
    public static TheoryData<string, uint> Sockets => new()
    {
        { "tcp4 established", 1 },
        { "tcp6 listening", 1 | 2 },
        { "tcp6 mptcp subflow", 1 | 2 | 16 },
        { "udp6 unconnected", 4 },
        { "udp4 unconnected", 0 },
        { "raw ipv6 udp", 0 },
        { "unix datagram", 8 },
        { "tcp4 time-wait", 64 },
        { "tcp6 request", 32 },
        { "no protocol", 0 },
    };

    [Theory]
    [MemberData(nameof(Sockets))]
    public void Each_cast_answers_for_the_sockets_the_kernels_does(string socket, uint casts)
    {
        SocketTable.Clear();
        try
        {
            var entry = Entry(socket);
            Assert.Equal(casts, SocketCastPrograms.CastBits((BpfSocketCommon*)entry));
            Assert.Equal(casts & 0x1F, SocketCastPrograms.CastBits(entry));
        }
        finally
        {
            SocketTable.Clear();
        }
    }

    [Fact]
    public void A_cast_the_kernel_would_answer_needs_the_kernel_struct_from_the_test()
    {
        SocketTable.Clear();
        try
        {
            var bare = SocketTable.Add(new BpfSocket { Family = 2, Type = 1, Protocol = 6, State = (uint)SocketState.Established });
            Assert.Contains("no kernel struct", Assert.Throws<InvalidOperationException>(() => bare->ToTcpSock()).Message, StringComparison.Ordinal);
            Assert.True(bare->ToUdp6Sock() == null);

            var misdescribed = SocketTable.Add(new BpfSocket { Family = 2, Type = 1, Protocol = 6, State = (uint)SocketState.Established });
            var unix = new UnixSock();
            unix.Sock.Common.Family = 2;
            unix.Sock.Common.State = (byte)SocketState.Established;
            SocketTable.SetKernelSocket(misdescribed, unix);
            Assert.Contains("does not begin with one", Assert.Throws<InvalidOperationException>(() => misdescribed->ToTcpSock()).Message, StringComparison.Ordinal);

            var tcp = new TcpSock();
            tcp.Connection.Inet.Sock.Common.Family = 10;
            Assert.Throws<ArgumentException>(() => SocketTable.SetKernelSocket(bare, tcp));
        }
        finally
        {
            SocketTable.Clear();
        }
    }

    /// <summary>A table entry for <paramref name="socket"/> with the kernel struct of its kind.</summary>
    private static BpfSocket* Entry(string socket)
    {
        var (family, type, protocol, state) = socket switch
        {
            "tcp4 established" => (2u, 1u, 6u, SocketState.Established),
            "tcp6 listening" => (10u, 1u, 6u, SocketState.Listen),
            "tcp6 mptcp subflow" => (10u, 1u, 6u, SocketState.Established),
            "udp6 unconnected" => (10u, 2u, 17u, SocketState.Close),
            "udp4 unconnected" => (2u, 2u, 17u, SocketState.Close),
            "raw ipv6 udp" => (10u, 3u, 17u, SocketState.Close),
            "unix datagram" => (1u, 2u, 0u, SocketState.Close),
            "tcp4 time-wait" => (2u, 1u, 6u, SocketState.TimeWait),
            "tcp6 request" => (10u, 1u, 6u, SocketState.NewSynReceived),
            _ => (2u, 0u, 0u, SocketState.Close),
        };
        var entry = SocketTable.Add(new BpfSocket { Family = family, Type = type, Protocol = protocol, State = (uint)state });
        var common = new SockCommon { Family = (ushort)family, State = (byte)state };
        switch (socket)
        {
            case "tcp4 established":
                SocketTable.SetKernelSocket(entry, new TcpSock { Connection = { Inet = { Sock = { Common = common } } } });
                break;
            case "tcp6 listening" or "tcp6 mptcp subflow":
                SocketTable.SetKernelSocket(entry, new Tcp6Sock { Tcp = { Connection = { Inet = { Sock = { Common = common } } } } });
                break;
            case "udp6 unconnected" or "raw ipv6 udp":
                SocketTable.SetKernelSocket(entry, new Udp6Sock { Udp = { Inet = { Sock = { Common = common } } } });
                break;
            case "unix datagram":
                SocketTable.SetKernelSocket(entry, new UnixSock { Sock = { Common = common } });
                break;
            case "tcp4 time-wait":
                SocketTable.SetKernelSocket(entry, new TcpTimewaitSock { Timewait = { Common = common } });
                break;
            case "tcp6 request":
                SocketTable.SetKernelSocket(entry, new TcpRequestSock { InetRequest = { Request = { Common = common } } });
                break;
        }

        if (socket == "tcp6 mptcp subflow")
        {
            SocketTable.SetMptcpConnection(entry, new MptcpSock { Token = 7 });
        }

        return entry;
    }
}
