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
}
