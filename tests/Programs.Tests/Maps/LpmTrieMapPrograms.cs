using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>An IPv4 route table in an LPM trie, written and read by the program itself.</summary>
public static unsafe class LpmTrieMapPrograms
{
    /// <summary>Offsets in the test packet: the operation, the key, the value, and where results go.</summary>
    public const int Operation = 0, PrefixLengthAt = 1, AddressAt = 2, ValueAt = 6, FoundAt = 10, StatusAt = 14, PacketLength = 18;

    /// <summary>Next hops by destination prefix.</summary>
    public static readonly LpmTrieMap<Ipv4LpmKey, uint> Routes = new(8);

    /// <summary>
    /// Byte 0 picks the operation on <see cref="Routes"/>: 0 looks up the address (writing the
    /// value found, or 0xFFFFFFFF, at <see cref="FoundAt"/>), 1 updates the prefix (with the
    /// update flags in byte 0's upper bits), 2 deletes it; the helper's result goes to <see cref="StatusAt"/>.
    /// </summary>
    [Xdp("m_lpm_trie")]
    public static XdpAction Route(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketLength > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        Ipv4LpmKey key = new() { PrefixLength = data[PrefixLengthAt], Address = *(uint*)(data + AddressAt) };
        int status = 0;
        switch (data[Operation] & 3)
        {
            case 0:
                uint* hop = Routes.Lookup(key);
                *(uint*)(data + FoundAt) = hop == null ? 0xFFFFFFFF : *hop;
                break;
            case 1:
                status = Routes.Update(key, *(uint*)(data + ValueAt), (MapUpdate)(data[Operation] >> 2));
                break;
            default:
                status = Routes.Delete(key);
                break;
        }

        *(int*)(data + StatusAt) = status;
        return XdpAction.Pass;
    }

    /// <summary>C's <c>struct { __u32 prefixlen; __u8 addr[4]; }</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Ipv4LpmKey
    {
        /// <summary>The prefix in bits, 0 to 32.</summary>
        public uint PrefixLength;

        /// <summary>The IPv4 address, network order.</summary>
        public uint Address;
    }
}
