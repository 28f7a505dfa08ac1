namespace TraitsBpf.Benchmarks.Traits;

/// <summary>What the UDP_GRO socket of a GRO phase received.</summary>
/// <param name="Sent">Datagrams the sender sent (segments of its UDP_SEGMENT bursts).</param>
/// <param name="Receives">recvmsg calls that returned data: one per sk_buff GRO delivered.</param>
/// <param name="Datagrams">Datagrams in them (each receive's length over the UDP_GRO segment size it reports).</param>
public sealed record GroDelivery(int Sent, int Receives, int Datagrams)
{
    /// <summary>Datagrams per delivered sk_buff: 1 when GRO merged nothing.</summary>
    public double DatagramsPerReceive => Receives == 0 ? 0 : (double)Datagrams / Receives;
}
