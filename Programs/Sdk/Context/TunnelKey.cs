using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_tunnel_key</c>: the outer addresses and id of a packet's collect-metadata tunnel, for
/// <see cref="TcContext.SetTunnelKey"/> and <see cref="TcContext.GetTunnelKey"/>. Addresses are in host order
/// for IPv4 and as bytes on the wire for IPv6; for IPv4 only the first word of each address is used.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct TunnelKey
{
    /// <summary>The tunnel id (VNI, GRE key), host order.</summary>
    public uint TunnelId;

    /// <summary>The remote address: word 0 is the IPv4 address, all four the IPv6 address.</summary>
    public fixed uint RemoteIPv6[4];

    /// <summary>The outer TOS.</summary>
    public byte TunnelTos;

    /// <summary>The outer TTL.</summary>
    public byte TunnelTtl;

    /// <summary>The tunnel's flags, network order (read with <see cref="GetTunnelKeyFlags.Flags"/>); 0 when set.</summary>
    public ushort TunnelFlags;

    /// <summary>The IPv6 flow label (20 bits).</summary>
    public uint TunnelLabel;

    /// <summary>The local address: word 0 is the IPv4 address, all four the IPv6 address.</summary>
    public fixed uint LocalIPv6[4];

    /// <summary>The IPv4 remote address (word 0 of <see cref="RemoteIPv6"/>), host order.</summary>
    public uint RemoteIPv4
    {
        readonly get => RemoteIPv6[0];
        set => RemoteIPv6[0] = value;
    }

    /// <summary>The IPv4 local address (word 0 of <see cref="LocalIPv6"/>), host order.</summary>
    public uint LocalIPv4
    {
        readonly get => LocalIPv6[0];
        set => LocalIPv6[0] = value;
    }
}
