using System.Runtime.InteropServices;

namespace TraitsBpf.Compiler.Tests.Globals;

/// <summary>A struct holding a struct, for nested initializers.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NestedConfig
{
    public PortConfig Inner;
    public ulong Mask;
}
