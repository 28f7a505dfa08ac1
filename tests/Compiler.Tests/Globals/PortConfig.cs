using System.Runtime.InteropServices;

namespace TraitsBpf.Compiler.Tests.Globals;

/// <summary>A configuration struct set by object initializers and by its constructor.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PortConfig
{
    public ushort Port;
    public byte Proto;
    public uint Limit;

    public PortConfig(ushort port, uint limit)
    {
        Port = port;
        Proto = 6;
        Limit = limit;
    }
}
