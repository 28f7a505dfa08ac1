using System.Runtime.InteropServices;

namespace TraitsBpf.SkeletonPrograms;

/// <summary>
/// Counts every packet in a .bss global, IPv4 UDP datagrams to <see cref="WatchedPort"/> (.rodata) per source
/// address in a hash map with struct keys and values, and returns <see cref="Verdict"/> (.data) for every packet,
/// so that user space can change what the program does while it runs.
/// </summary>
public static class SourceCounter
{
    /// <summary>The UDP destination port counted per source (host byte order).</summary>
    public static readonly ushort WatchedPort = 9;

    /// <summary>What the program returns: XDP_PASS until user space says otherwise.</summary>
    public static uint Verdict = (uint)XdpAction.Pass;

    /// <summary>Every packet the program saw.</summary>
    public static ulong Seen;

    /// <summary>Datagrams to <see cref="WatchedPort"/> per source.</summary>
    public static readonly HashMap<SourceKey, SourceStats> Sources = new(maxEntries: 64);

    /// <summary>The XDP program.</summary>
    [Xdp("source_counter")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        Interlocked.Increment(ref Seen);
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth != null && eth->EtherType == Net.Htons(EtherType.IPv4))
        {
            IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
            if (ip != null && ip->HeaderLength >= sizeof(IPv4Header) && ip->Protocol == IpProtocol.Udp)
            {
                UdpHeader* udp = ctx.Header<UdpHeader>(sizeof(EthernetHeader) + ip->HeaderLength);
                if (udp != null && udp->DestinationPort == Net.Htons(WatchedPort))
                {
                    Count(new SourceKey { Address = ip->Source }, (ulong)(ctx.DataEnd - ctx.Data));
                }
            }
        }

        return (XdpAction)Verdict;
    }

    private static unsafe void Count(SourceKey key, ulong bytes)
    {
        SourceStats* stats = Sources.Lookup(key);
        if (stats == null)
        {
            Sources.Update(key, new SourceStats { Datagrams = 1, Bytes = bytes }, MapUpdate.NoExist);
            return;
        }

        Interlocked.Increment(ref stats->Datagrams);
        Interlocked.Add(ref stats->Bytes, bytes);
    }

    /// <summary>A source address (network byte order), padded so every byte of the key is set.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SourceKey
    {
        /// <summary>The IPv4 source address.</summary>
        public uint Address;

        /// <summary>Padding, always zero.</summary>
        public uint Pad;
    }

    /// <summary>What one source sent.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SourceStats
    {
        /// <summary>Datagrams.</summary>
        public ulong Datagrams;

        /// <summary>Bytes (Ethernet frames).</summary>
        public ulong Bytes;
    }
}
