namespace TraitsBpf.Loader.Skeleton;

/// <summary>A program of a generated skeleton; the derived class for its hook adds the one <c>Attach</c> that fits it.</summary>
public abstract class SkeletonProgram
{
    /// <summary>Wraps <paramref name="program"/>.</summary>
    protected SkeletonProgram(BpfProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
    }

    /// <summary>The program of the object: its descriptor, test runs, what the kernel says about it.</summary>
    public BpfProgram Program { get; }

    /// <summary>Whether <see cref="BpfSkeleton.Load"/> loads this program (true by default); turn it off before loading for a program the service does not use.</summary>
    public bool Autoload
    {
        get => Program.Autoload;
        set => Program.Autoload = value;
    }

    /// <inheritdoc/>
    public override string ToString() => Program.ToString();
}
