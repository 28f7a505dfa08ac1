namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp2.bpf.c (the kernel's samples/bpf/xdp2_kern.c): <see cref="Xdp1"/>'s parsing and
/// per-protocol count, but UDP (protocol 17) is sent back out with its MAC addresses swapped
/// (XDP_TX) instead of dropped.
/// </summary>
public static unsafe class Xdp2
{
    /// <summary>Packets per IP protocol number, per CPU (C: <c>dropcnt</c>).</summary>
    public static readonly PerCpuArrayMap<long> DropCount = new(maxEntries: 256);

    /// <summary>The XDP program.</summary>
    [Xdp("xdp_prog2")]
    public static XdpAction XdpProg2(XdpContext ctx)
    {
        byte* dataEnd = ctx.DataEnd;
        byte* data = ctx.Data;
        EthernetHeader* eth = (EthernetHeader*)data;
        XdpAction rc = XdpAction.Drop;
        long* value;
        ushort hProto;
        ulong nhOff;
        uint index;

        nhOff = (ulong)sizeof(EthernetHeader);
        if (data + nhOff > dataEnd)
        {
            return rc;
        }

        hProto = eth->EtherType;

        // Two tags at most, written out twice rather than looped.
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

        if (hProto == Net.Htons(EtherType.IPv4))
        {
            index = (uint)ParseIPv4(data, nhOff, dataEnd);
        }
        else if (hProto == Net.Htons(EtherType.IPv6))
        {
            index = (uint)ParseIPv6(data, nhOff, dataEnd);
        }
        else
        {
            index = 0;
        }

        value = DropCount.Lookup(index);
        if (value != null)
        {
            *value += 1;
        }

        if (index == IpProtocol.Udp)
        {
            SwapSourceDestinationMac(data);
            rc = XdpAction.Tx;
        }

        return rc;
    }

    // The addresses as three 16-bit words each.
    private static void SwapSourceDestinationMac(byte* data)
    {
        ushort* p = (ushort*)data;
        ushort* dst = stackalloc ushort[3];

        dst[0] = p[0];
        dst[1] = p[1];
        dst[2] = p[2];
        p[0] = p[3];
        p[1] = p[4];
        p[2] = p[5];
        p[3] = dst[0];
        p[4] = dst[1];
        p[5] = dst[2];
    }

    private static int ParseIPv4(byte* data, ulong nhOff, byte* dataEnd)
    {
        IPv4Header* iph = (IPv4Header*)(data + nhOff);

        if ((byte*)(iph + 1) > dataEnd)
        {
            return 0;
        }

        return iph->Protocol;
    }

    private static int ParseIPv6(byte* data, ulong nhOff, byte* dataEnd)
    {
        IPv6Header* ip6h = (IPv6Header*)(data + nhOff);

        if ((byte*)(ip6h + 1) > dataEnd)
        {
            return 0;
        }

        return ip6h->NextHeader;
    }
}
