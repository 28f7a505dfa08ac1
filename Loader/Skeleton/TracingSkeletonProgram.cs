namespace TraitsBpf.Loader.Skeleton;

/// <summary>A tracing program (tp_btf, raw_tp, fentry, fexit, kprobe, kretprobe) of a generated skeleton.</summary>
public sealed class TracingSkeletonProgram : SkeletonProgram
{
    /// <summary>Wraps the tracing program <paramref name="program"/>.</summary>
    public TracingSkeletonProgram(BpfProgram program)
        : base(program)
    {
    }

    /// <summary>Attaches the loaded program where its section says (see <see cref="BpfProgram.AttachTracing"/>).</summary>
    /// <exception cref="LoaderException">The kernel refused.</exception>
    public ProgramAttachment Attach() => Program.AttachTracing();
}
