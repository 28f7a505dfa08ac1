using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_xfrm_state</c>: one IPsec state (security association) the packet was received through, as
/// <see cref="TcContext.GetXfrmState"/> reads it. The SPI and the addresses are as on the wire (network order).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct XfrmState
{
    /// <summary>The state's request id (<c>reqid</c>), which ties it to policies.</summary>
    public uint RequestId;

    /// <summary>The security parameter index, network order.</summary>
    public uint Spi;

    /// <summary>The address family: AF_INET (2) or AF_INET6 (10).</summary>
    public ushort Family;

    /// <summary>Reserved (<c>ext</c>), 0.</summary>
    public ushort Extension;

    /// <summary>The remote (source) address, network order: word 0 is the IPv4 address, all four the IPv6 address.</summary>
    public fixed uint RemoteIPv6[4];
}
