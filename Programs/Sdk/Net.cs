using System.Buffers.Binary;
using TraitsBpf.CompilerServices;

namespace TraitsBpf;

/// <summary>
/// Byte-order conversions between the network (big-endian) and the host. Each compiles to one
/// BPF byte-swap instruction (to big-endian on this little-endian target).
/// </summary>
public static class Net
{
    /// <summary>Network to host, 16 bits.</summary>
    [BpfIntrinsic("bswap16")]
    public static ushort Ntohs(ushort value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Host to network, 16 bits.</summary>
    [BpfIntrinsic("bswap16")]
    public static ushort Htons(ushort value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Network to host, 32 bits.</summary>
    [BpfIntrinsic("bswap32")]
    public static uint Ntohl(uint value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Host to network, 32 bits.</summary>
    [BpfIntrinsic("bswap32")]
    public static uint Htonl(uint value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Network to host, 64 bits.</summary>
    [BpfIntrinsic("bswap64")]
    public static ulong Ntohll(ulong value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Host to network, 64 bits.</summary>
    [BpfIntrinsic("bswap64")]
    public static ulong Htonll(ulong value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
}
