using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp_router_ipv4.bpf.c (the kernel's samples/bpf/xdp_router_ipv4_kern.c): an IPv4
/// router in XDP. A destination's next hop is an exact-match entry or the longest matching prefix
/// of the route table (an LPM trie), its MAC address comes from the ARP table, directly or through
/// the route's gateway; the frame gets the route's source MAC and the next hop's MAC and is
/// redirected through a device map, and counted per IP protocol in a per-CPU array.
/// </summary>
public static unsafe class XdpRouterIpv4
{
    /// <summary>The route table, by longest prefix (C: <c>lpm_map</c>).</summary>
    public static readonly LpmTrieMap<Key4, TrieValue> LpmMap = new(maxEntries: 50);

    /// <summary>Forwarded packets per IP protocol, per CPU (C: <c>rxcnt</c>).</summary>
    public static readonly PerCpuArrayMap<long> RxCnt = new(maxEntries: 256);

    /// <summary>Next-hop addresses to MAC addresses (C: <c>arp_table</c>).</summary>
    public static readonly HashMap<uint, ulong> ArpTable = new(maxEntries: 50);

    /// <summary>Destinations routed without a trie walk (C: <c>exact_match</c>).</summary>
    public static readonly HashMap<uint, DirectMap> ExactMatch = new(maxEntries: 50);

    /// <summary>The interfaces routes send through (C: <c>tx_port</c>).</summary>
    public static readonly DevMap TxPort = new(maxEntries: 100);

    /// <summary>The XDP program.</summary>
    [Xdp("xdp_router_ipv4_prog")]
    public static XdpAction XdpRouterIpv4Prog(XdpContext ctx)
    {
        byte* dataEnd = ctx.DataEnd;
        ulong* destMac = null, srcMac = null;
        byte* data = ctx.Data;
        TrieValue* prefixValue;

        XdpAction rc = XdpAction.Drop;

        // C leaves forward_to and key4 unset: forward_to is read only after the IPv4 branch set it, and
        // every byte of key4 is written before the lookup, but C# counts neither as assigned.
        int forwardTo = 0;
        EthernetHeader* eth = (EthernetHeader*)data;
        Key4 key4 = default;
        long* value;
        ushort hProto;
        uint ipproto;
        ulong nhOff;

        nhOff = (ulong)sizeof(EthernetHeader);
        if (data + nhOff > dataEnd)
        {
            return rc;
        }

        hProto = eth->EtherType;

        // One VLAN tag at most.
        if (hProto == Net.Htons(EtherType.Vlan) || hProto == Net.Htons(EtherType.QinQ))
        {
            VlanHeader* vhdr;

            vhdr = (VlanHeader*)(data + nhOff);
            nhOff += (ulong)sizeof(VlanHeader);
            if (data + nhOff > dataEnd)
            {
                return rc;
            }

            hProto = vhdr->EncapsulatedProtocol;
        }

        if (hProto == Net.Htons(EtherType.Arp))
        {
            return XdpAction.Pass;
        }
        else if (hProto == Net.Htons(EtherType.IPv4))
        {
            DirectMap* directEntry;
            uint srcIp = 0, destIp = 0;

            ipproto = (uint)ParseIpv4(data, nhOff, dataEnd, ref srcIp, ref destIp);
            directEntry = ExactMatch.Lookup(destIp);

            // An exact match with both addresses known spares the trie walk.
            if (directEntry != null && directEntry->Mac != 0 && directEntry->Arp.Mac != 0)
            {
                srcMac = &directEntry->Mac;
                destMac = &directEntry->Arp.Mac;
                forwardTo = directEntry->Ifindex;
            }
            else
            {
                // The longest prefix of the whole address.
                key4.B32[0] = 32;
                key4.B8[4] = (byte)(destIp & 0xff);
                key4.B8[5] = (byte)((destIp >> 8) & 0xff);
                key4.B8[6] = (byte)((destIp >> 16) & 0xff);
                key4.B8[7] = (byte)((destIp >> 24) & 0xff);
                prefixValue = LpmMap.Lookup(key4);
                if (prefixValue == null)
                {
                    return XdpAction.Drop;
                }

                srcMac = &prefixValue->Value;
                if (srcMac == null)
                {
                    return XdpAction.Drop;
                }

                destMac = ArpTable.Lookup(destIp);
                if (destMac == null)
                {
                    if (prefixValue->Gw == 0)
                    {
                        return XdpAction.Drop;
                    }

                    destIp = prefixValue->Gw;
                    destMac = ArpTable.Lookup(destIp);
                }

                forwardTo = prefixValue->Ifindex;
            }
        }
        else
        {
            ipproto = 0;
        }

        if (srcMac != null && destMac != null)
        {
            SetSrcDstMac(data, srcMac, destMac);
            value = RxCnt.Lookup(ipproto);
            if (value != null)
            {
                *value += 1;
            }

            return TxPort.Redirect((uint)forwardTo, 0);
        }

        return rc;
    }

    /// <summary>Writes the destination MAC, then the source MAC, six bytes each, at the frame's start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetSrcDstMac(void* data, void* src, void* dst)
    {
        ushort* source = (ushort*)src;
        ushort* dest = (ushort*)dst;
        ushort* p = (ushort*)data;

        Unsafe.CopyBlock(p, dest, 6);
        Unsafe.CopyBlock(p + 3, source, 6);
    }

    /// <summary>The protocol of the IPv4 header at <paramref name="nhOff"/> with its addresses stored, or 0 when it is cut short.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ParseIpv4(byte* data, ulong nhOff, byte* dataEnd, ref uint src, ref uint dest)
    {
        IPv4Header* iph = (IPv4Header*)(data + nhOff);

        if ((byte*)(iph + 1) > dataEnd)
        {
            return 0;
        }

        src = iph->Source;
        dest = iph->Destination;
        return iph->Protocol;
    }

    /// <summary>
    /// A route (C: <c>struct trie_value</c>): the prefix it was made from, the source MAC to put on the
    /// frame (in the first six bytes of <see cref="Value"/>), the device map slot to send it through,
    /// and an optional gateway.
    /// </summary>
    public struct TrieValue
    {
        /// <summary>The prefix's address bytes.</summary>
        public fixed byte Prefix[4];

        /// <summary>The source MAC in its first six bytes.</summary>
        public ulong Value;

        /// <summary>The <see cref="TxPort"/> slot.</summary>
        public int Ifindex;

        /// <summary>The route's metric (unused by the program).</summary>
        public int Metric;

        /// <summary>The gateway's address in network order, or 0 for a directly connected prefix.</summary>
        public uint Gw;
    }

    /// <summary>
    /// The trie's key (C: <c>union key_4</c>): the prefix length in the first word, the address in the
    /// bytes after it. C's union has only <c>b32</c> and <c>b8</c>; <see cref="PrefixLength"/> names
    /// <c>b32[0]</c> as an LPM key's leading field, as the kernel's <c>struct bpf_lpm_trie_key_u8</c> does.
    /// </summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Key4
    {
        /// <summary>The prefix length in bits: <c>b32[0]</c>.</summary>
        [FieldOffset(0)]
        public uint PrefixLength;

        /// <summary>The key as two words.</summary>
        [FieldOffset(0)]
        public fixed uint B32[2];

        /// <summary>The key as eight bytes; the address is bytes 4 to 7.</summary>
        [FieldOffset(0)]
        public fixed byte B8[8];
    }

    /// <summary>A neighbour (C: <c>struct arp_entry</c>).</summary>
    public struct ArpEntry
    {
        /// <summary>Its MAC in the first six bytes.</summary>
        public ulong Mac;

        /// <summary>Its address in network order.</summary>
        public uint Dst;
    }

    /// <summary>An exact-match route (C: <c>struct direct_map</c>).</summary>
    public struct DirectMap
    {
        /// <summary>The next hop.</summary>
        public ArpEntry Arp;

        /// <summary>The <see cref="TxPort"/> slot.</summary>
        public int Ifindex;

        /// <summary>The source MAC in its first six bytes.</summary>
        public ulong Mac;
    }
}
