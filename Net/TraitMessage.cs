using System.Net;

namespace TraitsBpf.Sockets;

/// <summary>What one <see cref="TraitSocket"/> receive returned.</summary>
/// <param name="Length">Bytes written to the buffer.</param>
/// <param name="RemoteEndPoint">The sender, for datagram sockets; null for a connected stream.</param>
/// <param name="Traits">The traits of the packet the bytes came from (<see cref="ReceivedTraits.None"/> when it had none).</param>
/// <param name="Truncated">A datagram was longer than the buffer; the rest is lost (MSG_TRUNC).</param>
public readonly record struct TraitMessage(int Length, EndPoint? RemoteEndPoint, ReceivedTraits Traits, bool Truncated)
{
    /// <summary>
    /// The other control messages at level SOL_BPF the receiver's cgroup/recvmsg programs put beside the datagram
    /// (a verdict, a receipt), in order; empty when they put none.
    /// </summary>
    public IReadOnlyList<PolicyMessage> PolicyMessages { get; init; } = [];
}
