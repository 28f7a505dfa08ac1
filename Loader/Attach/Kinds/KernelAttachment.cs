using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>What an attach or replace left in the kernel, for the record and the pins.</summary>
/// <param name="Method">How the kernel holds it.</param>
/// <param name="Handle">For a TC filter: its handle.</param>
/// <param name="Priority">For a TC filter: its priority.</param>
/// <param name="OwnsQdisc">For a TC filter: traitsbpf created the clsact qdisc.</param>
/// <param name="Link">The link to pin, when the kernel holds the attachment through one; owned by the rollback.</param>
internal sealed record KernelAttachment(AttachMethod Method, uint Handle, uint Priority, bool OwnsQdisc, FileDescriptorHandle? Link);
