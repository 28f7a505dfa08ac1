namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// Every header bit field's getter and setter over arbitrary bytes: an IPv4 header at 0, a TCP
/// header at 20, a VLAN tag at 40 and an IPv6 header at 44, set from the values at 84 and read
/// back into 96 onwards, so that comparing the kernel's output packet with managed execution
/// checks each field.
/// </summary>
public static unsafe class HeaderBitfieldPrograms
{
    /// <summary>The shortest packet the program changes; shorter ones pass untouched.</summary>
    public const int MinimumLength = 128;

    [Xdp("feat_bitfields")]
    public static XdpAction Bitfields(XdpContext ctx)
    {
        byte* d = ctx.Data;
        if (d + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var ip = (IPv4Header*)d;
        var tcp = (TcpHeader*)(d + 20);
        var vlan = (VlanHeader*)(d + 40);
        var ip6 = (IPv6Header*)(d + 44);
        byte* v = d + 84;
        byte* o = d + 96;

        // What the getters read of the random bytes, before any setter runs.
        o[0] = (byte)ip->Version;
        o[1] = (byte)ip->Ihl;
        o[2] = (byte)ip->Dscp;
        o[3] = (byte)ip->Ecn;
        o[4] = (byte)(ip->FragmentFlags | (ip->DontFragment ? 0x10 : 0) | (ip->MoreFragments ? 0x20 : 0));
        o[5] = (byte)ip->FragmentOffsetBlocks;
        o[6] = (byte)(ip->FragmentOffsetBlocks >> 8);
        o[7] = (byte)tcp->DataOffsetWords;
        o[8] = (byte)((tcp->Fin ? 0x01 : 0) | (tcp->Syn ? 0x02 : 0) | (tcp->Rst ? 0x04 : 0) | (tcp->Psh ? 0x08 : 0)
            | (tcp->Ack ? 0x10 : 0) | (tcp->Urg ? 0x20 : 0) | (tcp->Ece ? 0x40 : 0) | (tcp->Cwr ? 0x80 : 0));
        o[9] = (byte)vlan->VlanId;
        o[10] = (byte)((vlan->VlanId >> 8) | (vlan->Pcp << 4) | (vlan->Dei ? 0x80 : 0));
        o[11] = (byte)(ip6->Version | (ip6->Ecn << 4));
        o[12] = (byte)ip6->TrafficClass;
        o[13] = (byte)ip6->Dscp;
        int flow = ip6->FlowLabel;
        o[14] = (byte)flow;
        o[15] = (byte)(flow >> 8);
        o[16] = (byte)(flow >> 16);

        // Setters, with values wider than their fields so the masking is exercised too.
        ip->Version = v[0];
        ip->Ihl = v[1];
        ip->Dscp = v[2];
        ip->Ecn = v[3];
        switch (v[4] & 3)
        {
            case 0:
                ip->FragmentFlags = v[5];
                break;
            case 1:
                ip->DontFragment = (v[5] & 1) != 0;
                break;
            case 2:
                ip->MoreFragments = (v[5] & 1) != 0;
                break;
            default:
                ip->FragmentOffsetBlocks = v[5] | (v[6] << 8);
                break;
        }

        tcp->DataOffsetWords = v[7];
        byte bits = v[8];
        tcp->Fin = (bits & 0x01) != 0;
        tcp->Syn = (bits & 0x02) != 0;
        tcp->Rst = (bits & 0x04) != 0;
        tcp->Psh = (bits & 0x08) != 0;
        tcp->Ack = (bits & 0x10) != 0;
        tcp->Urg = (bits & 0x20) != 0;
        tcp->Ece = (bits & 0x40) != 0;
        tcp->Cwr = (bits & 0x80) != 0;
        vlan->VlanId = v[9] | (v[10] << 8);
        vlan->Pcp = v[11];
        vlan->Dei = (v[11] & 0x80) != 0;
        ip6->Version = v[0] >> 3;
        if ((v[4] & 4) != 0)
        {
            ip6->TrafficClass = v[2] ^ v[3];
        }
        else
        {
            ip6->Dscp = v[3];
            ip6->Ecn = v[1];
        }

        ip6->FlowLabel = v[9] | (v[10] << 8) | (v[11] << 16) | (v[5] << 24);
        return XdpAction.Tx;
    }
}
