using System.Buffers.Binary;

namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>Hand-built frames for BPF_PROG_TEST_RUN.</summary>
public static class Packets
{
    public static readonly byte[] DestinationMac = [0x02, 0, 0, 0, 0, 0x02];
    public static readonly byte[] SourceMac = [0x02, 0, 0, 0, 0, 0x01];

    /// <summary>Ethernet + IPv4 (no options) + UDP to <paramref name="destinationPort"/> with a zero payload.</summary>
    public static byte[] Udp(ushort destinationPort, int payload = 18)
    {
        var frame = new byte[14 + 20 + 8 + payload];
        DestinationMac.CopyTo(frame, 0);
        SourceMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload));
        ip[8] = 64;
        ip[9] = 17;
        ip[12..16].Fill(0); ip[12] = 10; ip[15] = 1;
        ip[16] = 10; ip[19] = 2;
        var udp = frame.AsSpan(34);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload));
        return frame;
    }

    /// <summary>An Ethernet frame carrying ARP (not IPv4): programs parsing UDP must pass it.</summary>
    public static byte[] Arp()
    {
        var frame = new byte[42];
        DestinationMac.CopyTo(frame, 0);
        SourceMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0806);
        return frame;
    }
}
