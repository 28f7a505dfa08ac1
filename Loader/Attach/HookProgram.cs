namespace TraitsBpf.Loader.Attach;

/// <summary>One program on a hook that several share (libxdp's XDP dispatcher, a tcx hook), in the order they run there.</summary>
/// <param name="Id">The kernel's program id.</param>
/// <param name="Name">The program's name as the kernel has it (at most 15 characters).</param>
/// <param name="Priority">In libxdp's dispatcher: its run priority, lower first (libxdp's default is 50); null on a tcx hook, where the order is the list's.</param>
public sealed record HookProgram(uint Id, string Name, uint? Priority = null);
