using System.Text.Json;
using TraitsBpf.Traits.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// The meta backend on a stock kernel, end to end: an XDP program loaded with traitsbpf on the
/// receiving end of a veth pair sets a trait on every packet, and a TC ingress program on the
/// same interface finds it on every one (the metadata area travels with the packet into the skb).
/// </summary>
public sealed class MetaBackendPathTests : IDisposable
{
    private readonly ITestOutputHelper output;
    private const string Sender = "10.203.0.1";
    private const string Receiver = "10.203.0.2";
    private readonly string id = $"tbm{Guid.NewGuid().ToString("N")[..6]}";
    private readonly string scratch = Directory.CreateTempSubdirectory("tbpf-meta-path-").FullName;

    public MetaBackendPathTests(ITestOutputHelper output)
    {
        this.output = output;
        Ip("netns", "add", id + "s");
        Ip("netns", "add", id + "r");
        Ip("link", "add", id + "s", "type", "veth", "peer", "name", id + "r");
        Ip("link", "set", id + "s", "netns", id + "s");
        Ip("link", "set", id + "r", "netns", id + "r");
        Ip("-n", id + "s", "addr", "add", Sender + "/24", "dev", id + "s");
        Ip("-n", id + "r", "addr", "add", Receiver + "/24", "dev", id + "r");
        Ip("-n", id + "s", "link", "set", id + "s", "up");
        Ip("-n", id + "r", "link", "set", id + "r", "up");
    }

    public void Dispose()
    {
        InReceiver("detach", "-i", id + "r");
        Command.Run("ip", "netns", "del", id + "s");
        Command.Run("ip", "netns", "del", id + "r");
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void TraitsSetInXdpReachTcIngress()
    {
        string assembly = typeof(VethPrograms).Assembly.Location;
        string xdp = Path.Combine(scratch, "tag.o");
        string tc = Path.Combine(scratch, "count.o");
        Command.Cli("compile", assembly, "-p", "veth_tag", "-o", xdp, "--traits", "meta").EnsureSuccess();
        Command.Cli("compile", assembly, "-p", "veth_count", "-o", tc, "--traits", "meta").EnsureSuccess();
        var load = InReceiver("load", xdp, "-i", id + "r", "-n", id + "-xdp").EnsureSuccess();
        Assert.Contains("traits: meta backend; integer key 7", load.Stdout, StringComparison.Ordinal);
        InReceiver("load", tc, "-i", id + "r", "--tc", "ingress", "-n", id + "-tc").EnsureSuccess();

        Command.Run("ip", "netns", "exec", id + "s", "ping", "-c", "5", "-i", "0.2", "-W", "1", Receiver);

        var dump = JsonDocument.Parse(InReceiver("maps", id + "-tc", "--map", "Seen", "--json").EnsureSuccess().Stdout).RootElement;
        var counts = dump[0].GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("keyInt").GetUInt64(), e => e.GetProperty("valueInt").GetUInt64());
        output.WriteLine($"TC ingress: {counts[0]} packets with the trait, {counts[1]} without");
        Assert.True(counts[0] >= 5, $"TC saw {counts[0]} packets with the trait; 5 echo requests (and ARP) were sent");
        Assert.Equal(0UL, counts[1]);
    }

    private static void Ip(params string[] arguments) => Command.Run("ip", arguments).EnsureSuccess();

    /// <summary>traitsbpf inside the receiver's network namespace (nsenter keeps /sys/fs/bpf visible).</summary>
    private CommandResult InReceiver(params string[] arguments) =>
        Command.Run("nsenter", ["--net=/run/netns/" + id + "r", "dotnet", Path.Combine(AppContext.BaseDirectory, "traitsbpf.dll"), .. arguments]);
}
