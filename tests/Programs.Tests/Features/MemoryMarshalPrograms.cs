using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// <c>MemoryMarshal.Read/Write/AsBytes/Cast</c> over spans of the packet and the stack, each
/// writing what it saw into the packet so that comparing the kernel's output with managed
/// execution checks it: reads and writes of integers and of a struct at odd offsets, a struct
/// viewed as bytes, and bytes viewed as wider elements (the length rounded down, as .NET does).
/// </summary>
public static unsafe class MemoryMarshalPrograms
{
    /// <summary>The shortest packet the program changes; shorter ones pass untouched.</summary>
    public const int MinimumLength = 96;

    [Xdp("feat_memory_marshal")]
    public static XdpAction Marshal(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, MinimumLength);

        // Integers and a struct, read at odd offsets of the packet and written back elsewhere.
        uint word = MemoryMarshal.Read<uint>(packet[1..]);
        Pair pair = MemoryMarshal.Read<Pair>(packet.Slice(7, 8));
        MemoryMarshal.Write(packet[41..], word + 1);
        pair.First ^= pair.Second;
        MemoryMarshal.Write(packet.Slice(45, 8), in pair);

        // Through the stack: a struct as bytes, and bytes as ushorts (13 bytes make 6 of them).
        Pair local = pair;
        var bytes = MemoryMarshal.AsBytes(new Span<Pair>(ref local));
        bytes[0] = packet[20];
        bytes.CopyTo(packet.Slice(53, 8));
        Span<byte> raw = stackalloc byte[13];
        packet.Slice(21, 13).CopyTo(raw);
        var shorts = MemoryMarshal.Cast<byte, ushort>(raw);
        packet[61] = (byte)shorts.Length;
        packet[62] = (byte)(shorts[5] >> 8);
        packet[63] = (byte)bytes.Length;
        return (word & 1) == 0 ? XdpAction.Tx : XdpAction.Drop;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Pair
    {
        public uint First;
        public uint Second;
    }
}
