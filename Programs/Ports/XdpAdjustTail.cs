using System.Runtime.CompilerServices;

namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp_adjust_tail.bpf.c (the kernel's samples/bpf/xdp_adjust_tail_kern.c): an IPv4
/// frame over <see cref="MaxPcktSize"/> bytes is cut down with <see cref="XdpContext.AdjustTail"/>,
/// grown at the front with <see cref="XdpContext.AdjustHead"/>, and turned into an ICMP
/// "fragmentation needed" reply carrying the start of the original datagram, sent back with
/// XDP_TX and counted. Smaller IPv4 frames and everything else pass; a frame shorter than an
/// Ethernet header is dropped.
/// </summary>
public static unsafe class XdpAdjustTail
{
    private const byte DefaultTtl = 64;
    private const int MaxPcktSize = 600;
    private const int IcmpTooBigSize = 98;
    private const int IcmpTooBigPayloadSize = 92;
    private const byte IcmpDestUnreach = 3;
    private const byte IcmpFragNeeded = 4;
    private const int EthernetAddressLength = 6;

    /// <summary>ICMP replies sent (C: <c>icmpcnt</c>).</summary>
    public static readonly ArrayMap<ulong> IcmpCount = new(maxEntries: 1);

    /// <summary>The XDP program.</summary>
    [Xdp("_xdp_icmp")]
    public static XdpAction XdpIcmp(XdpContext xdp)
    {
        byte* dataEnd = xdp.DataEnd;
        byte* data = xdp.Data;
        EthernetHeader* eth = (EthernetHeader*)data;
        ushort hProto;

        if ((byte*)(eth + 1) > dataEnd)
        {
            return XdpAction.Drop;
        }

        hProto = eth->EtherType;

        if (hProto == Net.Htons(EtherType.IPv4))
        {
            return HandleIPv4(xdp);
        }
        else
        {
            return XdpAction.Pass;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountIcmp()
    {
        uint key = 0;
        ulong* icmpCount;

        icmpCount = IcmpCount.Lookup(key);
        if (icmpCount != null)
        {
            *icmpCount += 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SwapMac(byte* data, EthernetHeader* origEth)
    {
        EthernetHeader* eth;

        eth = (EthernetHeader*)data;
        Unsafe.CopyBlock(eth->Source, origEth->Destination, EthernetAddressLength);
        Unsafe.CopyBlock(eth->Destination, origEth->Source, EthernetAddressLength);
        eth->EtherType = origEth->EtherType;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort CsumFoldHelper(uint csum) => (ushort)~((csum & 0xffff) + (csum >> 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void IPv4Csum(void* dataStart, int dataSize, ref uint csum)
    {
        csum = (uint)Bpf.CsumDiff(null, 0, dataStart, (uint)dataSize, csum);
        csum = CsumFoldHelper(csum);
    }

    // Room for a new IP and ICMP header is made at the front; the old Ethernet header's addresses
    // come back swapped, the old IP header follows the ICMP header as its payload.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static XdpAction SendIcmp4TooBig(XdpContext xdp)
    {
        int headroom = sizeof(IPv4Header) + sizeof(IcmpHeader);

        if (xdp.AdjustHead(0 - headroom) != 0)
        {
            return XdpAction.Drop;
        }

        byte* data = xdp.Data;
        byte* dataEnd = xdp.DataEnd;

        if (data + (IcmpTooBigSize + headroom) > dataEnd)
        {
            return XdpAction.Drop;
        }

        IPv4Header* iph, origIph;
        IcmpHeader* icmpHdr;
        EthernetHeader* origEth;
        uint csum = 0;
        ulong off = 0;

        origEth = (EthernetHeader*)(data + headroom);
        SwapMac(data, origEth);
        off += (ulong)sizeof(EthernetHeader);
        iph = (IPv4Header*)(data + off);
        off += (ulong)sizeof(IPv4Header);
        icmpHdr = (IcmpHeader*)(data + off);
        off += (ulong)sizeof(IcmpHeader);
        origIph = (IPv4Header*)(data + off);
        icmpHdr->Type = IcmpDestUnreach;
        icmpHdr->Code = IcmpFragNeeded;

        // The SDK's header names the echo fields; "fragmentation needed" keeps the MTU where the sequence is.
        icmpHdr->Sequence = Net.Htons((ushort)(MaxPcktSize - sizeof(EthernetHeader)));
        icmpHdr->Checksum = 0;
        IPv4Csum(icmpHdr, IcmpTooBigPayloadSize, ref csum);
        icmpHdr->Checksum = (ushort)csum;
        iph->Ttl = DefaultTtl;
        iph->Destination = origIph->Source;
        iph->Source = origIph->Destination;
        iph->Version = 4;
        iph->Ihl = 5;
        iph->Protocol = IpProtocol.Icmp;
        iph->Tos = 0;
        iph->TotalLength = Net.Htons((ushort)(IcmpTooBigSize + headroom - sizeof(EthernetHeader)));
        iph->Checksum = 0;
        csum = 0;
        IPv4Csum(iph, sizeof(IPv4Header), ref csum);
        iph->Checksum = (ushort)csum;
        CountIcmp();
        return XdpAction.Tx;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static XdpAction HandleIPv4(XdpContext xdp)
    {
        byte* dataEnd = xdp.DataEnd;
        byte* data = xdp.Data;
        int pcktSize = (int)(dataEnd - data);
        int offset;

        if (pcktSize > MaxPcktSize)
        {
            offset = pcktSize - IcmpTooBigSize;
            if (xdp.AdjustTail(0 - offset) != 0)
            {
                return XdpAction.Pass;
            }

            return SendIcmp4TooBig(xdp);
        }

        return XdpAction.Pass;
    }
}
