namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Programs that call the checksum, store and FIB helpers on data taken from the packet.</summary>
public static unsafe class HelperPrograms
{
    /// <summary>
    /// bpf_csum_diff of two buffers from the packet, seeded from it; the folded result goes back
    /// into the packet (folded, because kernels before 6.13 return the sum unfolded).
    /// </summary>
    [Xdp("h_csum_diff")]
    public static XdpAction CsumDiff(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 32 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        ulong from = *(ulong*)data;
        ulong to = *(ulong*)(data + 8);
        uint seed = *(uint*)(data + 16);
        uint sizes = data[20];
        long diff = Bpf.CsumDiff(&from, (sizes & 1) != 0 ? 8u : 4u, &to, (sizes & 2) != 0 ? 8u : 4u, seed);
        *(ushort*)(data + 22) = diff < 0 ? (ushort)0xDEAD : Checksum.Fold((uint)diff);
        return XdpAction.Pass;
    }

    /// <summary>Rewrites the IPv4 TTL and addresses and the UDP port, fixing the checksums with the kernel's helpers.</summary>
    [Tc("h_csum_replace")]
    public static TcAction ChecksumReplace(TcContext ctx)
    {
        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->HeaderLength != sizeof(IPv4Header) || ip->Protocol != IpProtocol.Udp)
        {
            return TcAction.Ok;
        }

        UdpHeader* udp = ctx.Header<UdpHeader>(sizeof(EthernetHeader) + sizeof(IPv4Header));
        if (udp == null)
        {
            return TcAction.Ok;
        }

        ushort oldTtlWord = *(ushort*)((byte*)ip + 8);
        uint oldSource = ip->Source;
        ushort oldPort = udp->DestinationPort;
        uint newSource = oldSource ^ 0x01020304;
        ushort newPort = (ushort)(oldPort + 1);
        ushort newTtlWord = (ushort)(oldTtlWord - 1);

        const int IpChecksum = 14 + 10;
        const int UdpChecksum = 14 + 20 + 6;
        int status = ctx.L3ChecksumReplace(IpChecksum, oldTtlWord, newTtlWord, 2);
        status |= ctx.L3ChecksumReplace(IpChecksum, oldSource, newSource, 4);
        status |= ctx.L4ChecksumReplace(UdpChecksum, oldSource, newSource, 0x10 | 0x20 | 4);
        status |= ctx.L4ChecksumReplace(UdpChecksum, oldPort, newPort, 0x20 | 2);
        status |= ctx.StoreBytes(14 + 8, &newTtlWord, 2);
        status |= ctx.StoreBytes(14 + 12, &newSource, 4);
        status |= ctx.StoreBytes(14 + 20 + 2, &newPort, 2);
        return status == 0 ? TcAction.Ok : TcAction.Shot;
    }

    /// <summary>A FIB lookup for the packet's IPv4 destination; the result code goes into the packet.</summary>
    [Xdp("h_fib")]
    public static XdpAction Fib(XdpContext ctx)
    {
        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null)
        {
            return XdpAction.Pass;
        }

        var parameters = new FibLookupParams
        {
            Family = 2,
            L4Protocol = ip->Protocol,
            TotalLength = Net.Ntohs(ip->TotalLength),
            Ifindex = ctx.IngressIfindex,
            IPv4Source = ip->Source,
            IPv4Destination = ip->Destination,
        };
        var result = ctx.FibLookup(ref parameters);
        ip->Tos = (byte)(int)result;
        return XdpAction.Pass;
    }
}
