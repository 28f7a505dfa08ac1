using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// The header of a control message as the kernel holds it on x86-64 (<c>struct cmsghdr</c>, 16 bytes):
/// <see cref="SockAddrContext.ReadControlMessage"/> copies a message from its header on, so a program reads the
/// payload right after it. Declare a struct that starts with this header and continues with the payload you expect.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ControlMessageHeader
{
    /// <summary>The message's length, header and payload, without trailing padding (<c>cmsg_len</c>).</summary>
    public ulong Length;

    /// <summary>The level (<c>cmsg_level</c>).</summary>
    public int Level;

    /// <summary>The type at that level (<c>cmsg_type</c>).</summary>
    public int Type;
}
