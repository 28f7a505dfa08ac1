namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp1.bpf.c (the kernel's samples/bpf/xdp1_kern.c): steps over up to two VLAN tags,
/// counts each packet under its IP protocol number (0 for anything that is not IPv4 or IPv6, or
/// too short) in a per-CPU array, and drops everything.
/// </summary>
public static unsafe class Xdp1
{
    /// <summary>Packets per IP protocol number, per CPU (C: <c>rxcnt</c>).</summary>
    public static readonly PerCpuArrayMap<long> RxCount = new(maxEntries: 256);

    /// <summary>The XDP program.</summary>
    [Xdp("xdp_prog1")]
    public static XdpAction XdpProg1(XdpContext ctx)
    {
        byte* dataEnd = ctx.DataEnd;
        byte* data = ctx.Data;
        EthernetHeader* eth = (EthernetHeader*)data;
        XdpAction rc = XdpAction.Drop;
        long* value;
        ushort hProto;
        ulong nhOff;
        uint ipproto;

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
            ipproto = (uint)ParseIPv4(data, nhOff, dataEnd);
        }
        else if (hProto == Net.Htons(EtherType.IPv6))
        {
            ipproto = (uint)ParseIPv6(data, nhOff, dataEnd);
        }
        else
        {
            ipproto = 0;
        }

        value = RxCount.Lookup(ipproto);
        if (value != null)
        {
            *value += 1;
        }

        return rc;
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
