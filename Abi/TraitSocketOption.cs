namespace TraitsBpf.Abi;

/// <summary>
/// The user-space ABI of packet traits at sockets (docs/traits-abi.md, "Sockets"), on kernels
/// with the TraitsBpf series: a socket that sets <see cref="Name"/> at level <see cref="Level"/>
/// to 1 receives each packet's trait store as a control message of that level and type.
/// </summary>
public static class TraitSocketOption
{
    /// <summary><c>SOL_BPF</c>: the socket level reserved for BPF.</summary>
    public const int Level = 0xEB9F;

    /// <summary><c>SO_BPF_TRAITS</c>: the option, and the control message type that carries a store.</summary>
    public const int Name = 1;
}
