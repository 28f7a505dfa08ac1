using System.Buffers.Binary;

namespace TraitsBpf.Compiler.Tests.Globals;

/// <summary>
/// Static fields whose initializers the compiler evaluates at compile time, and a program that
/// reads every one of them so each becomes a global.
/// </summary>
public static unsafe class InitializedPrograms
{
    public static readonly PortConfig ByInitializer = new() { Port = 80, Limit = 1000 };
    public static readonly PortConfig ByConstructor = new(8080, 5);
    public static readonly NestedConfig Nested = new() { Inner = new(443, 7), Mask = 0xffff_0000_0000_ffff };
    public static readonly ushort NetworkPort = Net.Htons(8080);
    public static readonly uint Shifted = (1u << 20) * 3 + One();
    public static readonly uint Computed = ByConstructor.Limit * 7 - 2;
    public static readonly ulong LoopSum = SumTo(10);
    public static readonly ushort Swapped = BinaryPrimitives.ReverseEndianness((ushort)0x1234);
    public static readonly int Smaller = Math.Min(-3, Math.Max(4, 2));
    public static uint Counter = 41 + One();
    public static PortConfig Mutable = new() { Port = 53 };
    public static Prefix PrefixBytes = MakePrefix();
    public static uint Untouched;

    // Managed-only data beside the globals: the array is not a global and leaves them alone.
    private static readonly byte[] Table = new byte[3];
    public static readonly int TableLength = 3;

    [Xdp("init_globals")]
    public static XdpAction UseAll(XdpContext ctx)
    {
        ulong sum = ByInitializer.Port + ByInitializer.Limit + ByConstructor.Port + ByConstructor.Proto + Nested.Inner.Port + Nested.Mask
            + NetworkPort + Shifted + Computed + LoopSum + Swapped + (ulong)Smaller + Counter + Mutable.Port + PrefixBytes.Bytes[2] + Untouched + (ulong)TableLength;
        Counter++;
        return sum == ctx.RxQueueIndex ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>For managed callers: keeps <see cref="Table"/> in use.</summary>
    public static int TableSum() => Table[0] + Table[1] + Table[2];

    private static uint One() => 1;

    private static ulong SumTo(int n)
    {
        ulong sum = 0;
        for (int i = 1; i <= n; i++)
        {
            sum += (ulong)i;
        }

        return sum;
    }

    private static Prefix MakePrefix()
    {
        Prefix prefix = default;
        for (int i = 0; i < 4; i++)
        {
            prefix.Bytes[i] = (byte)(10 + i);
        }

        return prefix;
    }
}
