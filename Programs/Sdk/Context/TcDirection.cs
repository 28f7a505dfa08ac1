namespace TraitsBpf;

/// <summary>The clsact hook a TC program runs at.</summary>
public enum TcDirection
{
    /// <summary>Packets received by the interface.</summary>
    Ingress,
    /// <summary>Packets sent by the interface.</summary>
    Egress,
}
