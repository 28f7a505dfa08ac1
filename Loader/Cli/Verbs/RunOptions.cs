namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf run</c>: BPF_PROG_TEST_RUN over a packet.</summary>
[Verb("run", HelpText = "Run a program once (or --repeat times) over a packet with BPF_PROG_TEST_RUN; nothing is attached.")]
public sealed class RunOptions : VerbOptions
{
    /// <summary>An object file or a pinned program.</summary>
    [Value(0, MetaName = "program", Required = true, HelpText = "A BPF ELF object (.o) or a program pinned on /sys/fs/bpf.")]
    public string Target { get; set; } = "";

    /// <summary>The program within the object.</summary>
    [Option('p', "program", HelpText = "The program to run (default: the object's only program).")]
    public string? Program { get; set; }

    /// <summary>A file holding the packet.</summary>
    [Option("packet", SetName = "file", HelpText = "A file holding the packet (raw bytes, starting with the Ethernet header).")]
    public string? PacketFile { get; set; }

    /// <summary>The packet in hex.</summary>
    [Option("hex", SetName = "hex", HelpText = "The packet in hex (spaces and colons allowed).")]
    public string? PacketHex { get; set; }

    /// <summary>How many runs to average over.</summary>
    [Option("repeat", Default = 1, HelpText = "Run this many times; the time is the average per run.")]
    public int Repeat { get; set; } = 1;

    /// <summary>Print JSON.</summary>
    [Option("json", HelpText = "Print JSON.")]
    public bool Json { get; set; }
}
