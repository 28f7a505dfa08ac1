namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf compile</c>: a .NET assembly's programs to a BPF object.</summary>
[Verb("compile", HelpText = "Compile the BPF programs in a .NET assembly to a BPF ELF object that libbpf, bpftool and ip load.")]
public sealed class CompileOptions : VerbOptions
{
    /// <summary>The assembly.</summary>
    [Value(0, MetaName = "assembly", Required = true, HelpText = "The compiled .NET assembly (.dll); its .pdb beside it gives C# line info.")]
    public string Assembly { get; set; } = "";

    /// <summary>Where to write the object.</summary>
    [Option('o', "output", HelpText = "The object file to write (default: <assembly name>.bpf.o in the current directory).")]
    public string? Output { get; set; }

    /// <summary>Only these programs.</summary>
    [Option('p', "program", HelpText = "Compile only this program (the name in its [Xdp]/[Tc]/[SocketFilter] attribute); repeatable. Default: all.")]
    public IEnumerable<string> Programs { get; set; } = [];

    /// <summary>The traits backend.</summary>
    [Option("traits", HelpText = "Traits backend: kfunc, meta, stash or auto (default: kfunc when the running kernel has the trait kfuncs, meta otherwise).")]
    public TraitsChoice Traits { get; set; } = TraitsChoice.Auto;

    /// <summary>Where to write the typed user-space skeleton.</summary>
    [Option("skeleton", HelpText = "Also write the C# skeleton of the object to this file: a class that opens, loads and attaches it, with typed maps and globals (TraitsBpf.Build uses it).")]
    public string? Skeleton { get; set; }

    /// <summary>The skeleton's namespace.</summary>
    [Option("skeleton-namespace", HelpText = "The skeleton's namespace (default: the assembly's name).")]
    public string? SkeletonNamespace { get; set; }

    /// <summary>The skeleton's class name.</summary>
    [Option("skeleton-class", HelpText = "The skeleton's class name (default: the assembly name's last part + Skeleton).")]
    public string? SkeletonClass { get; set; }

    /// <summary>The resource name under which the object is embedded.</summary>
    [Option("skeleton-resource", HelpText = "The manifest resource name the skeleton opens the embedded object from (default: <assembly name>.bpf.o).")]
    public string? SkeletonResource { get; set; }
}
