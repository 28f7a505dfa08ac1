namespace TraitsBpf;

/// <summary>What became of a packet an XDP program handled, as <see cref="ManagedExecution.Deliver"/> follows it.</summary>
/// <param name="Action">The program's verdict.</param>
/// <param name="SlotAction">
/// The verdict of the CPUMAP or DEVMAP program in the slot the packet was redirected to, or null when no such program ran.
/// </param>
/// <param name="Dropped">
/// Whether the kernel drops the packet: the program gave XDP_DROP or XDP_ABORTED (or XDP_REDIRECT with no target), or the
/// slot's program gave anything but XDP_PASS (a CPUMAP program's XDP_REDIRECT also goes on); an invalid verdict drops too.
/// </param>
public sealed record XdpDelivery(XdpAction Action, XdpAction? SlotAction, bool Dropped);
