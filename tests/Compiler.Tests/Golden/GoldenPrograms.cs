using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TraitsBpf.Compiler.Tests.Golden;

/// <summary>
/// One small program per construct whose IR, after the pass pipeline, is checked in next to
/// this file as <c>name.ir</c> (see <see cref="IrGoldenTests"/>).
/// </summary>
public static unsafe class GoldenPrograms
{
    private static readonly HashMap<uint, ulong> Flows = new(maxEntries: 64);

    private static readonly ArrayMap<ulong> Counters = new(maxEntries: 1);

    private static readonly Trait<ulong> Stamp = new("ir_stamp");

    private static readonly RingBuffer Events = new(4096);

    private static readonly UserRingBuffer Commands = new(4096);

    [Xdp("ir_map_lookup")]
    public static XdpAction MapLookup(XdpContext ctx)
    {
        ulong* packets = Flows.Lookup(ctx.IngressIfindex);
        return packets != null && *packets > 10 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("ir_helper")]
    public static XdpAction Helper(XdpContext ctx) =>
        (TraitsBpf.Bpf.KtimeGetNs() & 1) == 0 ? XdpAction.Pass : XdpAction.Drop;

    [SocketFilter("ir_packet_load")]
    public static uint PacketLoad(SocketContext ctx)
    {
        uint headerLength = (ctx.LoadByte(0) & 15) * 4;
        return ctx.LoadHalf((int)headerLength + 2) == 53 ? ctx.Length : 0;
    }

    [Xdp("ir_byte_order")]
    public static XdpAction ByteOrder(XdpContext ctx)
    {
        uint index = ctx.RxQueueIndex;
        return Net.Htons((ushort)index) > 0x0800 || BinaryPrimitives.ReverseEndianness(index) > 7 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("ir_math_min")]
    public static XdpAction MathMin(XdpContext ctx) => (XdpAction)Math.Min(ctx.RxQueueIndex, 3u);

    [Xdp("ir_popcount")]
    public static XdpAction PopCount(XdpContext ctx) =>
        BitOperations.PopCount(ctx.IngressIfindex) > 1 ? XdpAction.Drop : XdpAction.Pass;

    [Xdp("ir_block_move")]
    public static XdpAction BlockMove(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Unsafe.CopyBlockUnaligned(p + 3, p + 1, 11);
        Unsafe.InitBlockUnaligned(p + 1, p[0], 2);
        return XdpAction.Tx;
    }

    [Xdp("ir_bit_operations")]
    public static XdpAction BitOperationsProgram(XdpContext ctx) =>
        BitOperations.TrailingZeroCount(ctx.IngressIfindex) + (int)BitOperations.RotateLeft(ctx.RxQueueIndex, 5) > 9 ? XdpAction.Drop : XdpAction.Pass;

    [Xdp("ir_interlocked")]
    public static XdpAction InterlockedAdd(XdpContext ctx)
    {
        ulong* count = Counters.Lookup(0);
        if (count != null)
        {
            Interlocked.Add(ref *count, ctx.IngressIfindex);
        }

        return XdpAction.Pass;
    }

    [Xdp("ir_trait_set")]
    public static XdpAction TraitSet(XdpContext ctx) =>
        ctx.Traits.Set(Stamp, 42UL) == 0 ? XdpAction.Pass : XdpAction.Aborted;

    [Xdp("ir_header")]
    public static XdpAction Header(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        return eth != null && eth->EtherType == 0x0008 ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("ir_loop")]
    public static XdpAction Loop(XdpContext ctx)
    {
        uint count = ctx.RxQueueIndex & 0xFF;
        uint seed = ctx.IngressIfindex;
        uint sum = 0;
        for (uint i = 0; i < count; i++)
        {
            sum += i ^ seed;
        }

        return sum == 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("ir_struct_field")]
    public static XdpAction StructField(XdpContext ctx)
    {
        var key = new FlowKey { Interface = ctx.IngressIfindex, Queue = ctx.RxQueueIndex };
        ulong* packets = Flows.Lookup(key.Interface + key.Queue);
        return packets == null ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("ir_span")]
    public static XdpAction PacketSpan(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 14 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var frame = new ReadOnlySpan<byte>(p, 14);
        bool broadcast = frame[..6].SequenceEqual(frame.Slice(6, 6));
        return broadcast || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == 0x86DD ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("ir_constant_table")]
    public static XdpAction ConstantTable(XdpContext ctx) =>
        Weights[(int)(ctx.RxQueueIndex & 3)] > 2 ? XdpAction.Drop : XdpAction.Pass;

    private static ReadOnlySpan<ushort> Weights => [1, 2, 3, 5];

    // bpf_sock_addr: user_port at 24, a constant word of user_ip6 at 8 + 4i, each a 4-byte load or store.
    [CgroupSockAddr("ir_sock_addr", SockAddrHook.UdpSendmsg6)]
    public static SockAddrVerdict SockAddr(SockAddrContext ctx)
    {
        if (ctx.UserIp6(3) == 0)
        {
            return SockAddrVerdict.Deny;
        }

        ctx.SetUserIp6(0, ctx.UserIp6(1));
        ctx.UserPort = Net.Htons(53);
        return SockAddrVerdict.Allow;
    }

    private struct FlowKey
    {
        public uint Interface;
        public uint Queue;
    }

    [Xdp("ir_bpf_loop")]
    public static XdpAction BpfLoop(XdpContext ctx)
    {
        uint sum = 0;
        int iterations = TraitsBpf.Bpf.Loop(ctx.RxQueueIndex, AddUntilOverHundred, ref sum);
        return iterations + sum > 10 ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>
    /// The packet's own socket read as the kernel's tcp6_sock: a member of an embedded struct through a <c>ref</c>
    /// property, and an IPv6 address's words in a loop, each one relocated load once the loop is unrolled.
    /// </summary>
    [Tc("ir_socket_cast")]
    public static TcAction SocketCast(TcContext ctx)
    {
        BpfSocketCommon* socket = ctx.Socket;
        Tcp6Sock* tcp6 = socket == null ? null : socket->ToTcp6Sock();
        if (tcp6 == null)
        {
            return TcAction.Ok;
        }

        uint sum = tcp6->Common.State;
        for (int i = 0; i < 4; i++)
        {
            sum += tcp6->Common.DestinationIPv6.Words.Word[i];
        }

        return sum == 0 ? TcAction.Shot : TcAction.Ok;
    }

    // A method group, not a lambda: a lambda's generated name counts the methods before it, and the golden file names the callback.
    private static long AddUntilOverHundred(uint index, ref uint total)
    {
        total += index;
        return total > 100 ? 1 : 0;
    }

    // SYN cookies: the raw helpers get the headers without the context, and the SynCookie is the s64 in a stack slot
    // that promotion turns back into a value; the listener's helper gets the IP header's size, 20, as a constant.
    [Xdp("ir_syn_cookie")]
    public static XdpAction SynCookie(XdpContext ctx)
    {
        IPv4Header* ip = ctx.Header<IPv4Header>(14);
        TcpHeader* tcp = ctx.Header<TcpHeader>(34);
        if (ip == null || tcp == null || (byte*)tcp + 60 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        if (!tcp->Syn)
        {
            return ctx.CheckSynCookie(ip, tcp) == 0 ? XdpAction.Pass : XdpAction.Drop;
        }

        var cookie = ctx.GenerateSynCookie(ip, tcp, tcp->HeaderLength);
        if (!cookie.IsIssued)
        {
            return XdpAction.Drop;
        }

        tcp->Sequence = Net.Htonl(cookie.Cookie);
        return XdpAction.Tx;
    }

    [Tc("ir_syn_cookie_listener")]
    public static TcAction SynCookieListener(TcContext ctx)
    {
        IPv4Header* ip = ctx.Header<IPv4Header>(14);
        TcpHeader* tcp = ctx.Header<TcpHeader>(34);
        if (ip == null || tcp == null)
        {
            return TcAction.Ok;
        }

        var tuple = new IPv4SocketTuple { SourceAddress = ip->Source, DestinationAddress = ip->Destination, SourcePort = tcp->SourcePort, DestinationPort = tcp->DestinationPort };
        BpfSocket* listener = ctx.LookupTcp(in tuple);
        if (listener == null)
        {
            return TcAction.Ok;
        }

        int result = listener->CheckSynCookie(ip, tcp, sizeof(TcpHeader));
        listener->Release();
        return result == 0 ? TcAction.Ok : TcAction.Shot;
    }

    [Xdp("ir_ringbuf_dynptr")]
    public static XdpAction RingBufferDynptr(XdpContext ctx)
    {
        uint queue = ctx.RxQueueIndex;
        int reserved = Events.ReserveDynptr(queue, out var record);
        record.Write(0, &queue, 4);
        RingBuffer.SubmitDynptr(ref record);
        return reserved == 0 && Events.Query(RingBufferQuery.AvailableData) > 64 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("ir_user_ringbuf")]
    public static XdpAction UserRingBufferDrain(XdpContext ctx)
    {
        uint first = 0;
        return Commands.Drain(TakeFirstWord, ref first) > 0 && first == ctx.RxQueueIndex ? XdpAction.Drop : XdpAction.Pass;
    }

    // A method group, as for ir_bpf_loop: the golden file names the callback.
    private static long TakeFirstWord(in Dynptr record, ref uint first)
    {
        uint word;
        return record.Read(0, &word, 4) == 0 && (first = word) != 0 ? 1 : 0;
    }
}
