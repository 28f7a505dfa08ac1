using System.Runtime.InteropServices;

namespace TraitsBpf.Compiler.Tests.Globals;

/// <summary>A fixed buffer filled by a helper's loop.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Prefix
{
    public fixed byte Bytes[4];
}
