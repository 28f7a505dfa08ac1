using System.Runtime.InteropServices;

namespace TraitsBpf.Ports;

/// <summary>The first word of an ICMP or ICMPv6 header, which both share (C: <c>struct icmphdr_common</c>).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct IcmpCommonHeader
{
    /// <summary>The message type.</summary>
    public byte Type;

    /// <summary>The message code.</summary>
    public byte Code;

    /// <summary>The checksum, in network byte order.</summary>
    public ushort Checksum;
}
