using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary>A 16-byte value with byte alignment, like an address copied out of a packet.</summary>
[InlineArray(16)]
public struct Ipv6Address
{
    private byte first;
}

/// <summary>3 bytes: no trait value size.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct ThreeBytes
{
    public byte A;
    public ushort B;
}

/// <summary>12 bytes: no trait value size.</summary>
public struct TwelveBytes
{
    public uint A;
    public uint B;
    public uint C;
}
