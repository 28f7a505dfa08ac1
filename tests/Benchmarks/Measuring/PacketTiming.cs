namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>Nanoseconds per packet over one representative packet, ours and clang's, measured interleaved.</summary>
/// <param name="Packet">The packet's name.</param>
/// <param name="NsPerPacket">The kernel's figure (BPF_PROG_TEST_RUN's duration), interquartile mean over the rounds.</param>
/// <param name="WallNsPerPacket">Wall time of the test-run call divided by the repeat count, interquartile mean; on a busy machine it includes time other tasks ran.</param>
/// <param name="Action">The return value both gave on the first run of the packet.</param>
public sealed record PacketTiming(string Packet, OursVersusClang NsPerPacket, OursVersusClang WallNsPerPacket, uint Action);
