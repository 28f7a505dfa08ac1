namespace TraitsBpf.Loader.Attach;

/// <summary>Where on an interface a program is attached.</summary>
public enum AttachHook
{
    /// <summary>The XDP hook in the driver (native) or in the generic receive path (generic).</summary>
    Xdp,

    /// <summary>TC clsact ingress.</summary>
    TcIngress,

    /// <summary>TC clsact egress.</summary>
    TcEgress,
}
