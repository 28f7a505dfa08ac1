namespace TraitsBpf;

/// <summary>A copy of a packet that <see cref="TcContext.CloneRedirect"/> sent: the bytes as they were then, and where they went.</summary>
/// <param name="Ifindex">The interface the copy was sent to.</param>
/// <param name="Ingress">Whether it was sent into the interface rather than out of it.</param>
/// <param name="Packet">The copy, from its Ethernet header.</param>
public sealed record ClonedPacket(uint Ifindex, bool Ingress, byte[] Packet);
