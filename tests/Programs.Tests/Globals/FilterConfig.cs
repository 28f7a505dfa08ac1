namespace TraitsBpf.Programs.Tests.Globals;

/// <summary>What <see cref="ConfiguredPrograms"/> drops; its constructor does the byte-order work once, at compile time.</summary>
public struct FilterConfig
{
    public ushort PortNetworkOrder;
    public byte Protocol;
    public uint DropAction;

    public FilterConfig(ushort port)
    {
        PortNetworkOrder = Net.Htons(port);
        Protocol = IpProtocol.Tcp;
        DropAction = (uint)XdpAction.Drop;
    }
}
