namespace TraitsBpf.Testing.Packets;

/// <summary>
/// A built Ethernet frame: its bytes, the offsets where its headers (and TCP options) begin and
/// end, which are the interesting places to cut it, and a short description of its layers.
/// </summary>
public sealed record Frame(byte[] Bytes, IReadOnlyList<int> Boundaries, string Description);
