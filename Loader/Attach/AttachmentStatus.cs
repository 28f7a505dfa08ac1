namespace TraitsBpf.Loader.Attach;

/// <summary>A stored attachment, its live state, and where its pins are.</summary>
/// <param name="Record">What traitsbpf stored when attaching.</param>
/// <param name="State">Whether it is still attached.</param>
/// <param name="PinDirectory">The directory under /sys/fs/bpf/traitsbpf holding its pins.</param>
/// <param name="Pins">The pinned files in that directory, relative to it.</param>
/// <param name="CurrentInterface">The interface's name now (it differs from the record's after a rename); null when the interface is gone or in another namespace.</param>
/// <param name="Dispatcher">For a member of libxdp's XDP dispatcher, in this namespace: the dispatcher now, with every program in it (other tools' too); null otherwise.</param>
/// <param name="TcxOrder">For a tcx link in this namespace: every program on its hook now (other tools' too), in run order; null otherwise.</param>
public sealed record AttachmentStatus(AttachmentRecord Record, AttachmentState State, string PinDirectory, IReadOnlyList<string> Pins, string? CurrentInterface,
    XdpDispatcherState? Dispatcher = null, IReadOnlyList<HookProgram>? TcxOrder = null);
