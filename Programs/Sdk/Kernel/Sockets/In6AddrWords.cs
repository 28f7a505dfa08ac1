namespace TraitsBpf;

/// <summary>
/// The unnamed union inside <c>struct in6_addr</c> (<c>in6_u</c>), as its 32-bit words: the one of its views a
/// program reads an address by (CO-RE matches a member by name, and any struct or union by shape).
/// </summary>
[KernelType("")]
public unsafe struct In6AddrWords
{
    /// <summary>The address as four words in network byte order (<c>u6_addr32</c>); index it with constants 0 to 3.</summary>
    [KernelField("u6_addr32")]
    public fixed uint Word[4];
}
