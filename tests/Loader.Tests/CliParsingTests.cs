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
    [InlineData("error: Option 'xdp-mode' is defined with a bad format; see 'traitsbpf help load'.", "load", "x.o", "-i", "lo", "--xdp-mode", "turbo")]
    [InlineData("error: --xdp-mode applies to XDP, not to --tc.", "load", "x.o", "-i", "lo", "--xdp-mode", "generic", "--tc", "ingress")]
    [InlineData("error: --set takes NAME=VALUE, got 'verdict'.", "load", "x.o", "-i", "lo", "--set", "verdict")]
    [InlineData("error: detach needs --iface, --name or both.", "detach")]
    [InlineData("error: run needs the packet: --packet FILE or --hex HEX.", "run", "x.o")]
    [InlineData("error: --repeat must be at least 1, got 0.", "run", "x.o", "--hex", "00", "--repeat", "0")]
    public void Usage_mistakes_exit_2_with_one_sentence(string expected, params string[] args)
    {
        var (code, stdout, stderr) = Invoke(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(expected + "\n", stderr.Replace("\r", "", StringComparison.Ordinal));
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

    private static (int Code, string Stdout, string Stderr) Invoke(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApplication.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }


    [GeneratedRegex(@"(?m)^\| (\d+) \| (\w+) \|")]
    private static partial Regex ExitCodeRow();
}
