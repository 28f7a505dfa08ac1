using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>An XDP program of a generated skeleton.</summary>
public sealed class XdpSkeletonProgram : SkeletonProgram
{
    /// <summary>Wraps the XDP program <paramref name="program"/>.</summary>
    public XdpSkeletonProgram(BpfProgram program)
        : base(program)
    {
    }

    /// <summary>Attaches the loaded program to <paramref name="iface"/> through an XDP link this process owns (see <see cref="BpfProgram.AttachXdp"/>).</summary>
    /// <exception cref="LoaderException">The interface does not exist, the hook is taken, or the kernel refused.</exception>
    public ProgramAttachment Attach(string iface, XdpMode mode = XdpMode.Native) => Program.AttachXdp(iface, mode);
}
