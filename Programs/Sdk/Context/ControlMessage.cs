namespace TraitsBpf;

/// <summary>
/// A control message as a socket call carries it: its level, its type and its payload (managed only). Managed
/// execution takes the sender's messages in <see cref="SockAddrContext.SentControlMessages"/> and gives back those a
/// program put in <see cref="SockAddrContext.PutControlMessages"/>.
/// </summary>
/// <param name="Level">The level (<c>cmsg_level</c>): SOL_IP 0, SOL_IPV6 41, SOL_UDP 17, SOL_BPF 0xEB9F, ...</param>
/// <param name="Type">The type at that level (<c>cmsg_type</c>).</param>
/// <param name="Data">The payload, without the header or padding.</param>
public sealed record ControlMessage(int Level, int Type, byte[] Data);
