using System.Text.RegularExpressions;
using TraitsBpf.Cli;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>Command-line parsing, in process and without privileges.</summary>
public sealed partial class CliParsingTests
{
    [Fact]
    public void Help_lists_every_verb_and_exit_code_and_succeeds()
    {
        var (code, stdout, stderr) = Invoke("--help");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        foreach (var verb in new[] { "load", "detach", "list", "maps", "run", "dump", "kernel" })
            Assert.Matches($@"(?m)^  {verb}\s", stdout);
        foreach (var exit in Enum.GetValues<ExitCode>())
            Assert.Contains($"{(int)exit,2}  {exit}", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("error: Verb 'bogus' is not recognized; see 'traitsbpf --help'.", "bogus")]
    [InlineData("error: --tc and --xdp-mode attach to an interface: say which with --iface.", "load", "x.o", "--tc", "ingress")]
    [InlineData("error: --priority, --before and --after place a program on an interface's hook: say which with --iface.", "load", "x.o", "--priority", "5")]
    [InlineData("error: Option 'xdp-mode' is defined with a bad format; see 'traitsbpf help load'.", "load", "x.o", "-i", "lo", "--xdp-mode", "turbo")]
    [InlineData("error: --xdp-mode applies to XDP, not to --tc.", "load", "x.o", "-i", "lo", "--xdp-mode", "generic", "--tc", "ingress")]
    [InlineData("error: --set takes NAME=VALUE, got 'verdict'.", "load", "x.o", "-i", "lo", "--set", "verdict")]
    [InlineData("error: detach needs --iface, --cgroup or --name.", "detach")]
    [InlineData("error: run needs the packet: --packet FILE or --hex HEX.", "run", "x.o")]
    [InlineData("error: --repeat must be at least 1, got 0.", "run", "x.o", "--hex", "00", "--repeat", "0")]
    [InlineData("error: Option 'xdp-mode' is defined with a bad format; see 'traitsbpf help load'.", "load", "x.o", "--iface=lo", "--xdp-mode=turbo")]
    [InlineData("error: Option 'z' is unknown; see 'traitsbpf help compile'.", "compile", "x.dll", "-z")]
    [InlineData("error: Option 'o, output' has no value; see 'traitsbpf help compile'.", "compile", "x.dll", "-o")]
    [InlineData("error: Value 'extra' is not expected; see 'traitsbpf help list'.", "list", "extra")]
    [InlineData("error: Required value 'object' is missing; see 'traitsbpf help dump'.", "dump")]
    [InlineData("error: Options 'hex' and 'packet' cannot be given together; see 'traitsbpf help run'.", "run", "x.o", "--hex", "00", "--packet", "p.bin")]
    [InlineData("error: Option 'repeat' is defined with a bad format; Required value 'program' is missing; see 'traitsbpf help run'.", "run", "--repeat", "many")]
    [InlineData("error: No verb selected; see 'traitsbpf --help'.")]
    public void Usage_mistakes_exit_2_with_one_sentence(string expected, params string[] args)
    {
        var (code, stdout, stderr) = Invoke(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(expected + "\n", stderr.Replace("\r", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("help", "load")]
    [InlineData("load", "--help")]
    public void Help_for_a_verb_lists_its_options_and_arguments(params string[] args)
    {
        var (code, stdout, stderr) = Invoke(args);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Matches(@"(?m)^  -i, --iface\s+The network interface to attach to \(XDP, TC\)\. Without it: a$", stdout);
        Assert.Matches(@"(?m)^  --xdp-mode\s", stdout);
        Assert.Matches(@"(?m)^  -v, --verbose\s", stdout);
        Assert.Matches(@"(?m)^  object \(pos\. 0\)\s+Required\.", stdout);
    }

    [Fact]
    public void Exit_codes_are_distinct_and_documented_in_docs_loader_md()
    {
        var docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "loader.md"));
        var documented = ExitCodeRow().Matches(docs).ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);

        var codes = Enum.GetValues<ExitCode>();
        Assert.Equal(codes.Length, codes.Select(c => (int)c).Distinct().Count());
        Assert.Equal(codes.ToDictionary(c => (int)c, c => c.ToString()), documented);
    }

    private static (int Code, string Stdout, string Stderr) Invoke(params string[] args) => InProcessCli.Run(args);

    [GeneratedRegex(@"(?m)^\| (\d+) \| (\w+) \|")]
    private static partial Regex ExitCodeRow();
}
