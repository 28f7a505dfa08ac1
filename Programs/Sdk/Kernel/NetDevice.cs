namespace TraitsBpf;

/// <summary>The fields of the kernel's <c>struct net_device</c> tracing programs most often read (CO-RE: the offsets here only serve managed runs).</summary>
[KernelType("net_device")]
public struct NetDevice
{
    /// <summary>The interface index (<c>dev->ifindex</c>).</summary>
    public int Ifindex;

    /// <summary>The MTU (<c>dev->mtu</c>).</summary>
    public uint Mtu;
}
