using System.Runtime.InteropServices;

namespace TraitsBpf.Ports;

/// <summary>An IPv6 address as C's <c>struct in6_addr</c>: 16 bytes that copy as one value.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct In6Address
{
    /// <summary>The address in network byte order.</summary>
    public fixed byte Bytes[16];
}
