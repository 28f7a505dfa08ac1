using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// What issuing a SYN cookie gave (the s64 of bpf_tcp_gen_syncookie and bpf_tcp_raw_gen_syncookie_ipv4/6): the
/// cookie, to send as the SYN-ACK's sequence number, and the MSS it encodes, to announce in the SYN-ACK; or the
/// negative errno the helper returned.
/// </summary>
/// <remarks>
/// A compiled program holds the helper's 64-bit result here as it came: the cookie in the low 32 bits, the MSS in the
/// 16 above, a negative value for an error. The properties are plain arithmetic on it.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct SynCookie
{
    private readonly long result;

    internal SynCookie(long result) => this.result = result;

    /// <summary>Whether a cookie was issued (the helper returned no error).</summary>
    public bool IsIssued => result >= 0;

    /// <summary>0 when a cookie was issued, else the helper's negative errno (-EINVAL, -ENOENT, ...).</summary>
    public int Error => result < 0 ? (int)result : 0;

    /// <summary>The cookie, in host byte order: the SYN-ACK's sequence number, which the ACK acknowledges plus one.</summary>
    public uint Cookie => (uint)result;

    /// <summary>
    /// The MSS the cookie encodes: the SYN's MSS option (or the default when it has none) rounded down to the
    /// cookie's table (IPv4: 536, 1300, 1440, 1460; IPv6: 1220, 1420, 1440, 8940).
    /// </summary>
    public ushort Mss => (ushort)(result >> 32);

    /// <summary>A failure with <paramref name="errno"/> (positive), as the helpers report one.</summary>
    internal static SynCookie Failed(int errno) => new(-errno);
}
