using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>
/// A program attached by this process (<see cref="BpfProgram.AttachXdp"/> and its kin): a bpf_link, or a socket
/// filter, that nothing pins and no record names. It lasts until <see cref="Detach"/> or <see cref="Dispose"/>,
/// or until the process exits, when the kernel closes the link and the attachment ends with it: a service that
/// crashes leaves nothing attached. <c>traitsbpf list</c> does not show it (it shows what traitsbpf pinned).
/// </summary>
public sealed class ProgramAttachment : IDisposable
{
    private readonly FileDescriptorHandle? _link;
    private readonly Action _detach;
    private bool _attached = true;

    internal ProgramAttachment(string description, FileDescriptorHandle? link, Action detach)
    {
        Description = description;
        _link = link;
        _detach = detach;
        LinkId = link is null ? 0 : BpfLinks.Info(link.Fd, description).id;
    }

    /// <summary>What is attached where, e.g. "program 'xdp_counter' at XDP (native) on veth0".</summary>
    public string Description { get; }

    /// <summary>The kernel's id of the bpf_link (<c>bpftool link show id N</c>); 0 for a socket filter, which has none.</summary>
    public uint LinkId { get; }

    /// <summary>True until <see cref="Detach"/>.</summary>
    public bool IsAttached => _attached;

    /// <summary>
    /// Ends the attachment now: a link is detached (the hook no longer runs the program even if another process
    /// holds the link), a socket filter removed. Detaching twice does nothing.
    /// </summary>
    public void Detach()
    {
        if (!_attached)
            return;
        _attached = false;
        try
        {
            _detach();
        }
        finally
        {
            _link?.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Detach();

    /// <inheritdoc/>
    public override string ToString() => LinkId == 0 ? Description : $"{Description}, link {LinkId}";
}
