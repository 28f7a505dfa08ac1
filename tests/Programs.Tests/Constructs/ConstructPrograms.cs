using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Constructs;

/// <summary>
/// One program per C# construct a ported program is likely to use, each named in the construct
/// table of docs/compiler.md; <see cref="ConstructTableTests"/> checks that every construct the
/// table calls supported compiles and passes the verifier, and that every one it calls refused
/// is refused at the line marked "construct:" with the reason the table gives.
/// </summary>
public static unsafe class ConstructPrograms
{
    private static readonly ArrayMap<Pair> Values = new(4);

    private static readonly Config Settings = new() { Port = 80, Limit = 7 };

    private static readonly Config Constructed = new(443, 9);

    private static uint counter = 17;

    private static ReadOnlySpan<byte> Table => [1, 2, 3, 5, 8, 13, 21, 34]; // construct: constant table data

    [Xdp("c_span_stack_copy")]
    public static XdpAction SpanStackCopy(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Span<byte> buffer = stackalloc byte[16]; // construct: span over the stack
        new ReadOnlySpan<byte>(p, 16).CopyTo(buffer);
        return buffer[3] == 7 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_span_for_loop")]
    public static XdpAction SpanForLoop(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 32 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Span<byte> buffer = stackalloc byte[32];
        new ReadOnlySpan<byte>(p, 32).CopyTo(buffer);
        uint sum = 0;
        for (int i = 0; i < buffer.Length; i++)
        {
            sum += buffer[i]; // construct: a for loop over a stack span
        }

        return (sum & 3) == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_span_foreach_packet")]
    public static XdpAction SpanForeachPacket(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 12 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        int odd = 0;
        foreach (byte b in new ReadOnlySpan<byte>(p, 12)) // construct: foreach over a packet span
        {
            odd += b & 1;
        }

        return odd > 6 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_span_foreach_table")]
    public static XdpAction SpanForeachTable(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        bool listed = false;
        foreach (byte entry in Table) // construct: foreach over a constant table
        {
            listed |= entry == p[0];
        }

        return listed ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_span_loop_map_value")]
    public static XdpAction SpanLoopMapValue(XdpContext ctx)
    {
        byte* p = ctx.Data;
        Pair* value = Values.Lookup(1);
        if (value == null || p + 8 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var bytes = new Span<byte>(value, sizeof(Pair));
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(p[i] ^ i); // construct: a loop over a map value span
        }

        return value->First > value->Second ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_span_loop_runtime_length")]
    public static XdpAction SpanLoopRuntimeLength(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        byte* buffer = stackalloc byte[16];
        var bytes = new ReadOnlySpan<byte>(buffer, p[0] & 15);
        int sum = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            sum += bytes[i]; // construct: a loop over a span of run-time length
        }

        return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_span_long_packet_loop")]
    public static XdpAction SpanLongPacketLoop(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 64 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new ReadOnlySpan<byte>(p, 64);
        uint hash = 0;
        for (int i = 0; i < packet.Length; i++)
        {
            hash = (hash * 31) + packet[i]; // construct: a loop of 64 trips over a packet span
        }

        return (hash & 1) == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_memory_marshal_read")]
    public static XdpAction MemoryMarshalRead(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        uint word = MemoryMarshal.Read<uint>(new ReadOnlySpan<byte>(p + 3, 4)); // construct: MemoryMarshal.Read
        return (word & 0x10001) == 0x10000 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_memory_marshal_cast")]
    public static XdpAction MemoryMarshalCast(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var words = MemoryMarshal.Cast<byte, ushort>(new ReadOnlySpan<byte>(p, 16)); // construct: MemoryMarshal.Cast
        return words[3] > words[5] ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_span_packet_slice")]
    public static XdpAction SpanPacketSlice(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, 16); // construct: span over the packet
        return packet.Slice(4, 4)[1] == 9 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_span_clear_fill")]
    public static XdpAction SpanClearFill(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, 16); // construct: Span.Clear and Fill
        packet[..6].Clear();
        packet[6..12].Fill(0xFF);
        return XdpAction.Tx;
    }

    [Xdp("c_span_sequence_equal")]
    public static XdpAction SpanSequenceEqual(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 12 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new ReadOnlySpan<byte>(p, 12); // construct: Span.SequenceEqual
        return packet[..6].SequenceEqual(packet[6..12]) ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_binary_primitives_span")]
    public static XdpAction BinaryPrimitivesSpan(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(p + 12, 2)); // construct: BinaryPrimitives over a span
        return type == 0x0800 ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("c_unsafe_copy_block")]
    public static XdpAction UnsafeCopyBlock(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 12 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        byte* mac = stackalloc byte[6];
        Unsafe.CopyBlockUnaligned(mac, p, 6); // construct: Unsafe.CopyBlockUnaligned
        Unsafe.CopyBlockUnaligned(p, p + 6, 6);
        Unsafe.CopyBlockUnaligned(p + 6, mac, 6);
        return XdpAction.Tx;
    }

    [Xdp("c_unsafe_init_block")]
    public static XdpAction UnsafeInitBlock(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 12 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Unsafe.InitBlockUnaligned(p, 0, 12); // construct: Unsafe.InitBlockUnaligned
        return XdpAction.Tx;
    }

    [Xdp("c_buffer_memory_copy")]
    public static XdpAction BufferMemoryCopy(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 12 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        ulong key;
        Buffer.MemoryCopy(p, &key, 8, 8); // construct: Buffer.MemoryCopy
        return key == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_native_memory")]
    public static XdpAction NativeMemoryCopy(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 12 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        NativeMemory.Copy(p, p + 6, 6); // construct: NativeMemory.Copy
        return XdpAction.Tx;
    }

    [Xdp("c_copy_variable_size")]
    public static XdpAction CopyVariableSize(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        byte* buffer = stackalloc byte[16];
        Unsafe.CopyBlockUnaligned(buffer, p, (uint)(p[0] & 15)); // construct: a copy of a variable size
        return buffer[0] == 1 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_unsafe_read_unaligned")]
    public static XdpAction UnsafeReadUnaligned(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        uint word = Unsafe.ReadUnaligned<uint>(p + 3); // construct: Unsafe.ReadUnaligned
        return word == 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_unsafe_add_as")]
    public static XdpAction UnsafeAddAs(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 16 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        ref byte first = ref *p;
        ref ushort type = ref Unsafe.As<byte, ushort>(ref Unsafe.Add(ref first, 12)); // construct: Unsafe.Add and Unsafe.As
        return type == 8 ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("c_constant_table")]
    public static XdpAction ConstantTable(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        return Table[p[0] & 7] > 10 ? XdpAction.Drop : XdpAction.Pass; // construct: constant table
    }

    [Xdp("c_rotate_left")]
    public static XdpAction RotateLeft(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 4 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        return BitOperations.RotateLeft(*(uint*)p, 7) > 1000 ? XdpAction.Drop : XdpAction.Pass; // construct: BitOperations.RotateLeft
    }

    [Xdp("c_trailing_zeros")]
    public static XdpAction TrailingZeros(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 4 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        return BitOperations.TrailingZeroCount(*(uint*)p) > 3 ? XdpAction.Drop : XdpAction.Pass; // construct: BitOperations.TrailingZeroCount
    }

    [Xdp("c_leading_zeros")]
    public static XdpAction LeadingZeros(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 4 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        return BitOperations.LeadingZeroCount(*(uint*)p) > 3 ? XdpAction.Drop : XdpAction.Pass; // construct: BitOperations.LeadingZeroCount
    }

    [Xdp("c_log2_rotate_right_sign")]
    public static XdpAction Log2RotateRightSign(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 8 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        int score = BitOperations.Log2(*(uint*)p) + (int)(BitOperations.RotateRight(*(uint*)(p + 4), p[0]) & 31) + Math.Sign((sbyte)p[1]); // construct: Log2, RotateRight and Math.Sign
        return score > 40 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_pop_count")]
    public static XdpAction PopCount(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 4 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        return BitOperations.PopCount(*(uint*)p) > 3 ? XdpAction.Drop : XdpAction.Pass; // construct: BitOperations.PopCount
    }

    /// <summary>
    /// The TCP socket of the packet's ports at 192.0.2.1 (a documentation address no socket of the test machine has, so
    /// the kernel and managed execution both find none), read through the kernel's tcp6_sock down embedded structs.
    /// </summary>
    [Xdp("c_kernel_embedded_member")]
    public static XdpAction KernelEmbeddedMember(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 8 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var tuple = new IPv4SocketTuple { SourceAddress = *(uint*)p, DestinationAddress = Net.Htonl(0xC0000201), SourcePort = *(ushort*)(p + 4), DestinationPort = *(ushort*)(p + 6) };
        BpfSocketCommon* socket = ctx.LookupTcpCommon(in tuple);
        if (socket == null)
        {
            return XdpAction.Pass;
        }

        uint sum = 0;
        Tcp6Sock* tcp6 = socket->ToTcp6Sock();
        if (tcp6 != null)
        {
            for (int i = 0; i < 4; i++)
            {
                sum += tcp6->Common.DestinationIPv6.Words.Word[i]; // construct: kernel struct members
            }
        }

        socket->Release();
        return sum == 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("c_math_min_max")]
    public static XdpAction MathMinMax(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 4 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        return Math.Clamp(Math.Max(p[0], p[1]) - Math.Min(p[2], p[3]), 0, 9) > 4 ? XdpAction.Drop : XdpAction.Pass; // construct: Math.Min, Max and Clamp
    }

    [Xdp("c_program_name_longer_than_fifteen")]
    public static XdpAction LongName(XdpContext ctx) => XdpAction.Pass; // construct: a program name over 15 characters

    [Xdp("c_six_arguments")]
    public static XdpAction SixArguments(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 6 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        return Six(p[0], p[1], p[2], p[3], p[4], p[5]) > 100 ? XdpAction.Drop : XdpAction.Pass; // construct: a subprogram with six arguments
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Six(int a, int b, int c, int d, int e, int f) => a + b + c + d + e + f;

    [Xdp("c_struct_return")]
    public static XdpAction StructReturn(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 8 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Pair pair = MakePair(p[0], p[1]); // construct: a struct returned from a subprogram
        return pair.First > pair.Second ? XdpAction.Drop : XdpAction.Pass;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Pair MakePair(uint a, uint b) => new() { First = a, Second = b };

    [Xdp("c_struct_field_of_local")]
    public static XdpAction StructFieldOfLocal(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 8 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Flow flow = default;
        flow.Key.First = p[0];
        flow.Key.Second = p[1];
        return flow.Key.Second > flow.Key.First ? XdpAction.Drop : XdpAction.Pass; // construct: a field of a struct local
    }

    [Xdp("c_map_value_span")]
    public static XdpAction MapValueSpan(XdpContext ctx)
    {
        byte* p = ctx.Data;
        Pair* value = Values.Lookup(0);
        if (value == null || p + 1 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var bytes = new Span<byte>(value, sizeof(Pair)); // construct: span over a map value
        bytes.Fill(p[0]);
        bytes[..4].Clear();
        return value->First == 0 && value->Second == p[0] * 0x01010101u ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("c_static_object_initializer")]
    public static XdpAction StaticObjectInitializer(XdpContext ctx) =>
        Settings.Port == 80 && Settings.Limit == 7 ? XdpAction.Drop : XdpAction.Pass; // construct: a static initialized with an object initializer

    [Xdp("c_static_constructor_call")]
    public static XdpAction StaticConstructorCall(XdpContext ctx) =>
        Constructed.Port == Net.Htons(443) ? XdpAction.Drop : XdpAction.Pass; // construct: a static initialized by a constructor

    [Xdp("c_mutable_static_initializer")]
    public static XdpAction MutableStaticInitializer(XdpContext ctx) =>
        counter == 17 ? XdpAction.Drop : XdpAction.Pass; // construct: a mutable static with an initializer

    [StructLayout(LayoutKind.Sequential)]
    private struct Pair
    {
        public uint First;
        public uint Second;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Flow
    {
        public Pair Key;
        public ulong Packets;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Config
    {
        public ushort Port;
        public ushort Limit;

        public Config(ushort port, ushort limit)
        {
            Port = Net.Htons(port);
            Limit = limit;
        }
    }
}
