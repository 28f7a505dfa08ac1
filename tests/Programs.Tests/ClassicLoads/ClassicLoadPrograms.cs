namespace TraitsBpf.Programs.Tests.ClassicLoads;

/// <summary>
/// Programs built on LoadByte, LoadHalf and LoadWord (BPF_LD_ABS and BPF_LD_IND). Each returns what it
/// loaded, so the kernel's test run and managed execution can be compared on the return value alone,
/// and a load past the packet shows as the 0 both must return.
/// </summary>
public static class ClassicLoadPrograms
{
    /// <summary>SKF_NET_OFF: classic-load offsets from the network header.</summary>
    public const int NetworkArea = -0x100000;

    /// <summary>SKF_LL_OFF: classic-load offsets from the link-layer header.</summary>
    public const int LinkLayerArea = -0x200000;

    /// <summary>The EtherType at a constant offset (LD_ABS).</summary>
    [Tc("cl_tc_ethertype")]
    public static TcAction EtherType(TcContext ctx) => (TcAction)ctx.LoadHalf(12);

    /// <summary>
    /// An IPv4 header walk as a classic filter does it: the EtherType, the header length from the first
    /// byte (LD_ABS), then a word behind the header at a computed offset (LD_IND). The first byte loaded
    /// lives across the later loads, which clobber r0–r5.
    /// </summary>
    [Tc("cl_tc_walk")]
    public static TcAction Walk(TcContext ctx)
    {
        if (ctx.LoadHalf(12) != 0x0800)
        {
            return (TcAction)1;
        }

        uint versionAndLength = ctx.LoadByte(14);
        int headerLength = (int)(versionAndLength & 15) * 4;
        uint ports = ctx.LoadWord(14 + headerLength);
        return (TcAction)((ports ^ (versionAndLength << 24)) | 2);
    }

    /// <summary>Offsets taken from the packet itself (LD_IND), reaching past short packets.</summary>
    [Tc("cl_tc_indirect")]
    public static TcAction Indirect(TcContext ctx)
    {
        int first = (int)ctx.LoadByte(0);
        uint half = ctx.LoadHalf(first);
        uint word = ctx.LoadWord((int)ctx.LoadByte(1) - 100);
        return (TcAction)(half + word * 3 + (uint)ctx.Length);
    }

    /// <summary>A load whose value is not used still ends the program on a short packet.</summary>
    [Tc("cl_tc_unused")]
    public static TcAction Unused(TcContext ctx)
    {
        ctx.LoadWord(60);
        return (TcAction)7;
    }

    /// <summary>The network and link-layer areas: the IPv4 total length and the EtherType again.</summary>
    [Tc("cl_tc_areas")]
    public static TcAction Areas(TcContext ctx) =>
        (TcAction)(ctx.LoadHalf(NetworkArea + 2) << 16 | ctx.LoadHalf(LinkLayerArea + 12));

    /// <summary>
    /// Six loaded values live across the loads after them: with r6 holding the context and r0–r5 clobbered
    /// by every load, only r7–r9 are left, so the allocator must spill, and the verifier must accept the
    /// reloads; a subprogram call between the loads clobbers the same registers.
    /// </summary>
    [Tc("cl_tc_pressure")]
    public static TcAction Pressure(TcContext ctx)
    {
        uint a = ctx.LoadByte(0);
        uint b = ctx.LoadHalf((int)(a & 31));
        uint c = ctx.LoadWord((int)(b & 15));
        uint d = Mix(a, b);
        uint e = ctx.LoadHalf((int)(c & 63));
        uint f = ctx.LoadByte((int)(d & 127));
        uint g = ctx.LoadWord(20);
        return (TcAction)(a + 3 * b + 5 * c + 7 * d + 11 * e + 13 * f + 17 * g + ctx.Length);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static uint Mix(uint a, uint b) => (a * 2654435761) ^ (b >> 3);

    /// <summary>A socket filter that keeps as many bytes as a word at a packet-chosen offset says, at most the packet.</summary>
    [SocketFilter("cl_sock")]
    public static uint Socket(SocketContext ctx)
    {
        uint offset = ctx.LoadByte(0) & 63;
        uint word = ctx.LoadWord((int)offset);
        uint half = ctx.LoadHalf(2);
        return (word ^ half) % (ctx.Length + 1);
    }

    /// <summary>A socket filter reading the network area (offset 0 is the IP header under the test run).</summary>
    [SocketFilter("cl_sock_net")]
    public static uint SocketNetwork(SocketContext ctx) => ctx.LoadWord(NetworkArea + 12) ^ ctx.LoadByte(9);
}
