using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// struct bpf_fib_lookup (64 bytes): the input and output of <c>ctx.FibLookup</c>. Addresses and
/// ports are in network byte order, as in the packet.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public unsafe struct FibLookupParams
{
    /// <summary>AF_INET (2) or AF_INET6 (10).</summary>
    [FieldOffset(0)]
    public byte Family;

    /// <summary>The L4 protocol, for policy routing.</summary>
    [FieldOffset(1)]
    public byte L4Protocol;

    /// <summary>Source port.</summary>
    [FieldOffset(2)]
    public ushort SourcePort;

    /// <summary>Destination port.</summary>
    [FieldOffset(4)]
    public ushort DestinationPort;

    /// <summary>In: the packet's total length (for the MTU check); out: the MTU when the result is FragmentationNeeded.</summary>
    [FieldOffset(6)]
    public ushort TotalLength;

    /// <summary>In: the interface the packet arrived on; out: the interface to send it on.</summary>
    [FieldOffset(8)]
    public uint Ifindex;

    /// <summary>IPv4 TOS.</summary>
    [FieldOffset(12)]
    public byte Tos;

    /// <summary>IPv4 source address.</summary>
    [FieldOffset(16)]
    public uint IPv4Source;

    /// <summary>IPv6 source address.</summary>
    [FieldOffset(16)]
    public fixed byte IPv6Source[16];

    /// <summary>IPv4 destination address.</summary>
    [FieldOffset(32)]
    public uint IPv4Destination;

    /// <summary>IPv6 destination address.</summary>
    [FieldOffset(32)]
    public fixed byte IPv6Destination[16];

    /// <summary>Out: the VLAN protocol of the egress device, when it is a VLAN.</summary>
    [FieldOffset(48)]
    public ushort VlanProtocol;

    /// <summary>Out: the VLAN TCI.</summary>
    [FieldOffset(50)]
    public ushort VlanTci;

    /// <summary>Out: the source MAC address to use.</summary>
    [FieldOffset(52)]
    public fixed byte SourceMac[6];

    /// <summary>Out: the next hop's MAC address.</summary>
    [FieldOffset(58)]
    public fixed byte DestinationMac[6];
}
