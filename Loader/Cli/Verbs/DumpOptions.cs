namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf dump</c>: disassembly interleaved with source lines.</summary>
[Verb("dump", HelpText = "Disassemble an object's programs, interleaved with their source lines from .BTF.ext line info.")]
public sealed class DumpOptions : VerbOptions
{
    /// <summary>The object.</summary>
    [Value(0, MetaName = "object", Required = true, HelpText = "The BPF ELF object (.o) to disassemble.")]
    public string Object { get; set; } = "";

    /// <summary>Only this program.</summary>
    [Option('p', "program", HelpText = "Disassemble only this program (or subprogram).")]
    public string? Program { get; set; }
}
