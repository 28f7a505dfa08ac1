namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf trace</c>: follow packets that carry traits through the stack, live.</summary>
[Verb("trace", HelpText = "Follow packets that carry traits through the stack, live: one line per receive, output, socket delivery, drop (with the kernel's reason) and consume, with the device and the trait values.")]
public sealed class TraceOptions : VerbOptions
{
    /// <summary>NAME=VALUE clauses a packet's traits must all satisfy.</summary>
    [Option("where", HelpText = "Only packets whose trait NAME (a name in the host's registry) has VALUE: NAME=VALUE (repeatable, up to 4; all must hold; a flag trait as NAME=true). Tested in the kernel.")]
    public IEnumerable<string> Where { get; set; } = [];

    /// <summary>Stop after this many events.</summary>
    [Option("count", HelpText = "Stop after this many events.")]
    public int? Count { get; set; }

    /// <summary>Stop after this many seconds.</summary>
    [Option("timeout", HelpText = "Stop after this many seconds (default: until Ctrl-C or SIGTERM).")]
    public int? Timeout { get; set; }
}
