namespace TraitsBpf.Sockets;

/// <summary>
/// A control message at level <c>SOL_BPF</c> other than the traits: one a cgroup/recvmsg program of the receiver's
/// cgroup put beside the datagram (the series' <c>bpf_sock_addr_put_cmsg</c>; docs/traits-abi.md), such as a verdict
/// or a receipt the host's policy gives the service.
/// </summary>
/// <param name="Type">The message's type at level SOL_BPF, 2 to 65535, as the program chose it.</param>
/// <param name="Data">Its payload.</param>
public sealed record PolicyMessage(int Type, byte[] Data);
