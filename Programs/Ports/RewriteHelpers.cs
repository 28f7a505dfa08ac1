using System.Runtime.CompilerServices;

namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/rewrite_helpers.h: VLAN tag pop and push with <see cref="XdpContext.AdjustHead"/>
/// and a saved copy of the Ethernet header (C's <c>__builtin_memcpy</c> is
/// <see cref="Unsafe.CopyBlock(void*, void*, uint)"/>), and address swaps.
/// </summary>
public static unsafe class RewriteHelpers
{
    private const int EthernetAddressLength = 6;

    /// <summary>Removes the outermost VLAN tag; returns its TCI or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VlanTagPop(XdpContext ctx, EthernetHeader* eth)
    {
        byte* dataEnd = ctx.DataEnd;
        EthernetHeader ethCpy;
        VlanHeader* vlh;
        ushort hProto;
        int vlid;

        if (!ParsingHelpers.ProtoIsVlan(eth->EtherType))
        {
            return -1;
        }

        vlh = (VlanHeader*)(eth + 1);
        if ((byte*)(vlh + 1) > dataEnd)
        {
            return -1;
        }

        vlid = Net.Ntohs(vlh->Tci);
        hProto = vlh->EncapsulatedProtocol;

        // The addresses move forward over the tag: keep them before the head moves.
        Unsafe.CopyBlock(&ethCpy, eth, (uint)sizeof(EthernetHeader));
        if (ctx.AdjustHead(sizeof(VlanHeader)) != 0)
        {
            return -1;
        }

        // Every packet pointer is stale after the head moved.
        eth = (EthernetHeader*)ctx.Data;
        dataEnd = ctx.DataEnd;
        if ((byte*)(eth + 1) > dataEnd)
        {
            return -1;
        }

        Unsafe.CopyBlock(eth, &ethCpy, (uint)sizeof(EthernetHeader));
        eth->EtherType = hProto;
        return vlid;
    }

    /// <summary>Inserts an 802.1Q tag with VLAN id <paramref name="vlid"/> after the Ethernet addresses; 0 or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VlanTagPush(XdpContext ctx, EthernetHeader* eth, int vlid)
    {
        byte* dataEnd = ctx.DataEnd;
        EthernetHeader ethCpy;
        VlanHeader* vlh;

        Unsafe.CopyBlock(&ethCpy, eth, (uint)sizeof(EthernetHeader));
        if (ctx.AdjustHead(0 - sizeof(VlanHeader)) != 0)
        {
            return -1;
        }

        dataEnd = ctx.DataEnd;
        eth = (EthernetHeader*)ctx.Data;
        if ((byte*)(eth + 1) > dataEnd)
        {
            return -1;
        }

        Unsafe.CopyBlock(eth, &ethCpy, (uint)sizeof(EthernetHeader));
        vlh = (VlanHeader*)(eth + 1);
        if ((byte*)(vlh + 1) > dataEnd)
        {
            return -1;
        }

        vlh->Tci = Net.Htons((ushort)vlid);
        vlh->EncapsulatedProtocol = eth->EtherType;
        eth->EtherType = Net.Htons(EtherType.Vlan);
        return 0;
    }

    /// <summary>Swaps the Ethernet source and destination addresses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SwapSourceDestinationMac(EthernetHeader* eth)
    {
        byte* hTmp = stackalloc byte[EthernetAddressLength];

        Unsafe.CopyBlock(hTmp, eth->Source, EthernetAddressLength);
        Unsafe.CopyBlock(eth->Source, eth->Destination, EthernetAddressLength);
        Unsafe.CopyBlock(eth->Destination, hTmp, EthernetAddressLength);
    }

    /// <summary>Swaps the IPv6 source and destination addresses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SwapSourceDestinationIPv6(IPv6Header* ipv6)
    {
        In6Address tmp = *(In6Address*)ipv6->Source;

        *(In6Address*)ipv6->Source = *(In6Address*)ipv6->Destination;
        *(In6Address*)ipv6->Destination = tmp;
    }

    /// <summary>Swaps the IPv4 source and destination addresses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SwapSourceDestinationIPv4(IPv4Header* iphdr)
    {
        uint tmp = iphdr->Source;

        iphdr->Source = iphdr->Destination;
        iphdr->Destination = tmp;
    }
}
