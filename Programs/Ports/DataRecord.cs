namespace TraitsBpf.Ports;

/// <summary>Packets and bytes seen for one XDP action (C: <c>struct datarec</c>).</summary>
public struct DataRecord
{
    /// <summary>Packets that ended with the action.</summary>
    public ulong RxPackets;

    /// <summary>Their bytes.</summary>
    public ulong RxBytes;
}
