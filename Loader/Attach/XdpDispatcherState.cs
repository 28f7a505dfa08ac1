namespace TraitsBpf.Loader.Attach;

/// <summary>libxdp's dispatcher as it is attached to an interface now.</summary>
/// <param name="Id">The dispatcher program's id; it changes whenever a program joins or leaves (libxdp builds a new dispatcher each time).</param>
/// <param name="Mode">The XDP mode the dispatcher runs in.</param>
/// <param name="Programs">Its programs, in run order.</param>
public sealed record XdpDispatcherState(uint Id, XdpMode Mode, IReadOnlyList<HookProgram> Programs);
