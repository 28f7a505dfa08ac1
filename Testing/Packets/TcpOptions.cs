namespace TraitsBpf.Testing.Packets;

/// <summary>TCP options as they appear on the wire, for building SYNs.</summary>
public static class TcpOptions
{
    /// <summary>End of option list.</summary>
    public static byte[] End => [0];

    /// <summary>No-operation (padding).</summary>
    public static byte[] Nop => [1];

    /// <summary>Selective acknowledgments permitted.</summary>
    public static byte[] SackPermitted => [4, 2];

    /// <summary>Maximum segment size.</summary>
    public static byte[] Mss(ushort value) => [2, 4, (byte)(value >> 8), (byte)value];

    /// <summary>Window scale.</summary>
    public static byte[] WindowScale(byte shift) => [3, 3, shift];

    /// <summary>Timestamps.</summary>
    public static byte[] Timestamps(uint value, uint echo) =>
        [8, 10, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value, (byte)(echo >> 24), (byte)(echo >> 16), (byte)(echo >> 8), (byte)echo];
}
