namespace TraitsBpf;

/// <summary>
/// The kernel's <c>struct in6_addr</c>, an IPv6 address inside a kernel socket struct: its four 32-bit words, each in
/// network byte order, as <c>in6_u.u6_addr32</c> (read one word at a time, at a constant index:
/// <c>sk->Common.DestinationIPv6.Words.Word[3]</c>).
/// </summary>
[KernelType("in6_addr")]
public struct In6Addr
{
    /// <summary>The address's union of views (<c>in6_u</c>), of which the SDK declares the 32-bit words.</summary>
    [KernelField("in6_u")]
    public In6AddrWords Words;
}
