namespace TraitsBpf;

/// <summary>
/// What a SYN cookie is bound to: the SYN's addresses and ports, as the packet holds them (network byte order), and
/// the family, which picks the hash's layout, its secret and the MSS table.
/// </summary>
internal readonly struct SynFlow
{
    private readonly byte[] source;
    private readonly byte[] destination;

    private SynFlow(bool isIPv6, byte[] source, byte[] destination, ushort sourcePort, ushort destinationPort)
    {
        IsIPv6 = isIPv6;
        this.source = source;
        this.destination = destination;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
    }

    public bool IsIPv6 { get; }

    /// <summary>The source port as the packet holds it (network byte order).</summary>
    public ushort SourcePort { get; }

    /// <summary>The destination port as the packet holds it.</summary>
    public ushort DestinationPort { get; }

    public ReadOnlySpan<byte> Source => source;

    public ReadOnlySpan<byte> Destination => destination;

    /// <summary>The MSS values a cookie of this family can encode.</summary>
    public ushort[] MssTable => IsIPv6 ? SynCookieMss.IPv6 : SynCookieMss.IPv4;

    public static unsafe SynFlow Of(IPv4Header* ip, TcpHeader* tcp) =>
        new(false, new ReadOnlySpan<byte>(&ip->Source, 4).ToArray(), new ReadOnlySpan<byte>(&ip->Destination, 4).ToArray(), tcp->SourcePort, tcp->DestinationPort);

    public static unsafe SynFlow Of(IPv6Header* ip, TcpHeader* tcp) =>
        new(true, new ReadOnlySpan<byte>(ip->Source, 16).ToArray(), new ReadOnlySpan<byte>(ip->Destination, 16).ToArray(), tcp->SourcePort, tcp->DestinationPort);
}
