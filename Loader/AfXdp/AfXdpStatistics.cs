namespace TraitsBpf.Loader.AfXdp;

/// <summary>An AF_XDP socket's counters of frames it could not take or send (XDP_STATISTICS), since it was created.</summary>
/// <param name="RxDropped">Frames dropped for reasons the other counters do not name (for example, longer than a frame).</param>
/// <param name="RxInvalidDescriptors">Receive descriptors the kernel found invalid.</param>
/// <param name="TxInvalidDescriptors">Transmit descriptors the kernel found invalid (outside the UMEM, longer than a frame).</param>
/// <param name="RxRingFull">Frames dropped because the RX ring was full.</param>
/// <param name="RxFillRingEmpty">Times the kernel found no frame on the fill ring to receive into.</param>
/// <param name="TxRingEmpty">Times the kernel found the TX ring empty when woken to send (poll(2) wakes it too in copy mode): not a drop.</param>
public sealed record AfXdpStatistics(
    ulong RxDropped,
    ulong RxInvalidDescriptors,
    ulong TxInvalidDescriptors,
    ulong RxRingFull,
    ulong RxFillRingEmpty,
    ulong TxRingEmpty);
