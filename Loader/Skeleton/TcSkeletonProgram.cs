using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>A TC program of a generated skeleton, with the direction its <c>[Tc]</c> attribute names.</summary>
public sealed class TcSkeletonProgram : SkeletonProgram
{
    /// <summary>Wraps the TC program <paramref name="program"/>, which attaches at <paramref name="direction"/> unless told otherwise.</summary>
    public TcSkeletonProgram(BpfProgram program, AttachHook direction)
        : base(program)
    {
        if (direction is not (AttachHook.TcIngress or AttachHook.TcEgress))
            throw new ArgumentException($"a TC program attaches at {AttachHook.TcIngress} or {AttachHook.TcEgress}, not {direction}", nameof(direction));
        Direction = direction;
    }

    /// <summary>The direction from the program's attribute.</summary>
    public AttachHook Direction { get; }

    /// <summary>Attaches the loaded program at <see cref="Direction"/> of <paramref name="iface"/> through a tcx link this process owns (see <see cref="BpfProgram.AttachTc"/>).</summary>
    /// <exception cref="LoaderException">The interface does not exist, the kernel has no tcx links, or the kernel refused.</exception>
    public ProgramAttachment Attach(string iface) => Program.AttachTc(iface, Direction);

    /// <summary>Attaches the loaded program at <paramref name="direction"/> of <paramref name="iface"/>.</summary>
    /// <exception cref="LoaderException">The interface does not exist, the kernel has no tcx links, or the kernel refused.</exception>
    public ProgramAttachment Attach(string iface, AttachHook direction) => Program.AttachTc(iface, direction);
}
