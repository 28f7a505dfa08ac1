using System.Net;
using System.Net.Sockets;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Testing.Packets;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Helpers.NonLinearSkbPrograms;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// <c>TcContext.LoadBytes</c> (bpf_skb_load_bytes) on a non-linear sk_buff: over a veth pair with a 65,000-byte MTU, a
/// 30,000-byte UDP datagram leaves the sender with only its headers in the linear part (larger than one allocation
/// may be, its payload goes into pages) and reaches the receiver's TC ingress so. Direct packet access ends at the
/// linear part; the program's loads across its end, deep past it and at the frame's end read the bytes that were sent.
/// (BPF_PROG_TEST_RUN and managed execution build sk_buffs of at most 3,712 bytes, all linear.)
/// </summary>
public sealed unsafe class NonLinearSkbTests
{
    private const int Mtu = 65000;
    private const int PayloadLength = 30000;

    [Fact]
    public void LoadBytesReadsPastTheLinearPartOfARealSkBuff()
    {
        using var veth = new VethPair("tbg13");
        veth.SetMtu(Mtu);
        Assert.Equal(1, veth.Ping(1));
        var payload = Enumerable.Range(0, PayloadLength).Select(i => (byte)(i * 13 + (i >> 9))).ToArray();
        var (read, received) = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            using var programs = new CompiledAssembly(typeof(NonLinearSkbPrograms).Assembly.Location, "s_read_deep");
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
            socket.Bind(new IPEndPoint(IPAddress.Parse(VethPair.ReceiverAddress), DeepPort));
            using var tc = programs.Program("s_read_deep").AttachTc(veth.ReceiverInterface, AttachHook.TcIngress);
            NetworkNamespaceThread.Run(veth.SenderNamespace, () =>
            {
                using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                sender.SendTo(payload, new IPEndPoint(IPAddress.Parse(VethPair.ReceiverAddress), DeepPort));
            });
            var buffer = new byte[PayloadLength + 100];
            int length = socket.Receive(buffer);
            var value = new byte[programs.Map("DeepReads").ValueSize];
            Assert.True(programs.Map("DeepReads").Lookup(BitConverter.GetBytes(0u), value));
            fixed (byte* bytes = value)
            {
                return (*(DeepRead*)bytes, buffer[..length]);
            }
        });

        var frame = FrameBuilder.Ethernet(0x0800).IPv4(17, 0x0AC90001, 0x0AC90002).Udp(40000, DeepPort, payload).Build().Bytes;
        Assert.Equal(payload, received);
        Assert.Equal(1UL, read.Packets);
        Assert.Equal((ulong)frame.Length, read.Length);
        Assert.True(read.Linear < 4096, $"the linear part held {read.Linear} bytes");
        Assert.Equal(0u, read.Results);
        // The load's first 4 bytes are the linear part's last, headers here (the UDP checksum the sender left partial for
        // offload differs from the frame's); its last 4 are the first past the linear part.
        Assert.Equal(BitConverter.ToUInt32(frame, (int)read.Linear), (uint)(read.AcrossLinearEnd >> 32));
        Assert.Equal(BitConverter.ToUInt64(frame, DeepOffset), read.Deep);
        Assert.Equal(BitConverter.ToUInt64(frame, frame.Length - 8), read.Last);
    }
}
