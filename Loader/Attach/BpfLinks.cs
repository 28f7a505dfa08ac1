using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// What every bpf_link that traitsbpf makes (XDP, tcx) answers to in the same way: swapping its
/// program, detaching it and reading what the kernel says about it.
/// </summary>
internal static unsafe class BpfLinks
{
    // BPF_F_REPLACE: the update happens only if the link still runs old_prog_fd's program.
    private const uint UpdateReplace = 4;

    /// <summary>
    /// Swaps the link's program from <paramref name="oldProgramFd"/>'s to <paramref name="newProgramFd"/>'s in one
    /// step, refused by the kernel when the link runs another program; <paramref name="what"/> names the hook for errors.
    /// </summary>
    public static void Update(int linkFd, int newProgramFd, int oldProgramFd, string what)
    {
        var opts = new BpfLinkUpdateOpts { sz = (nuint)sizeof(BpfLinkUpdateOpts), flags = UpdateReplace, old_prog_fd = (uint)oldProgramFd };
        var rc = Native.bpf_link_update(linkFd, newProgramFd, &opts);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"replacing the program of {what} failed: {Errno.Describe(rc)}") { Errno = -rc };
    }

    /// <summary>
    /// Ends the attachment the link holds, whoever else still holds the link (a pin, another descriptor): it stays
    /// a link, attached to nothing. Detaching a link that is attached to nothing any more succeeds.
    /// </summary>
    public static void Detach(int linkFd, string what)
    {
        var rc = Native.bpf_link_detach(linkFd);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"detaching {what} failed: {Errno.Describe(rc)}") { Errno = -rc };
    }

    /// <summary>The kernel's view of the link: its id, its program's id and the interface it is attached to (0 once detached or its device is gone).</summary>
    public static BpfLinkInfo Info(int linkFd, string what) => ObjectInfo.Read(linkFd, new BpfLinkInfo(), what);
}
