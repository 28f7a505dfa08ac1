using System.Buffers.Binary;
using Router = TraitsBpf.Ports.XdpRouterIpv4;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// The router port's map keys and values as its user-space half writes them: addresses as the
/// 32-bit words whose bytes are in network order, MAC addresses in the first six bytes of a 64-bit word.
/// </summary>
public static unsafe class RouterAddresses
{
    /// <summary>a.b.c.d as the program reads it from an IPv4 header.</summary>
    public static uint Address(byte a, byte b, byte c, byte d) => BinaryPrimitives.ReadUInt32LittleEndian([a, b, c, d]);

    /// <summary>A MAC address in a 64-bit word's first six bytes.</summary>
    public static ulong Mac(byte a, byte b, byte c, byte d, byte e, byte f) => BinaryPrimitives.ReadUInt64LittleEndian([a, b, c, d, e, f, 0, 0]);

    /// <summary>The trie key of a.b.c.d/<paramref name="length"/>.</summary>
    public static Router.Key4 Prefix(uint length, byte a, byte b, byte c, byte d)
    {
        var key = new Router.Key4 { PrefixLength = length };
        key.B8[4] = a;
        key.B8[5] = b;
        key.B8[6] = c;
        key.B8[7] = d;
        return key;
    }

    /// <summary>A route out of device map slot <paramref name="slot"/>, with a source MAC made from the prefix.</summary>
    public static Router.TrieValue Route(byte a, byte b, byte c, byte d, uint slot, uint gateway)
    {
        var route = new Router.TrieValue { Value = Mac(0x02, 0xEE, a, b, c, d), Ifindex = (int)slot, Metric = 1, Gw = gateway };
        route.Prefix[0] = a;
        route.Prefix[1] = b;
        route.Prefix[2] = c;
        route.Prefix[3] = d;
        return route;
    }

    /// <summary>An exact-match route to a next hop out of device map slot <paramref name="slot"/>.</summary>
    public static Router.DirectMap Direct(ulong nextHopMac, uint slot, ulong sourceMac) =>
        new() { Arp = new Router.ArpEntry { Mac = nextHopMac }, Ifindex = (int)slot, Mac = sourceMac };
}
