namespace TraitsBpf;

/// <summary>The kernel's <c>struct udp_sock</c>, a UDP socket.</summary>
[KernelType("udp_sock")]
public struct UdpSock
{
    /// <summary>The IP socket (<c>inet</c>).</summary>
    [KernelField("inet")]
    public InetSock Inet;

    /// <summary>The segment size of UDP GSO, UDP_SEGMENT (<c>gso_size</c>); 0 when off.</summary>
    [KernelField("gso_size")]
    public ushort GsoSize;
}
