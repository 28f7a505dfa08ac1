using System.Text.Json;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// The meta backend on a stock kernel, end to end: an XDP program loaded with traitsbpf on the
/// receiving end of a veth pair sets a trait on every packet, and a TC ingress program on the
/// same interface finds it on every one (the metadata area travels with the packet into the skb).
/// </summary>
public sealed class MetaBackendPathTests(ITestOutputHelper output) : IDisposable
{
    private readonly VethPair veth = new();
    private readonly string scratch = Directory.CreateTempSubdirectory("tbpf-meta-path-").FullName;

    public void Dispose()
    {
        veth.Traitsbpf("detach", "-i", veth.ReceiverInterface);
        veth.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void TraitsSetInXdpReachTcIngress()
    {
        string assembly = typeof(VethPrograms).Assembly.Location;
        string xdp = Path.Combine(scratch, "tag.o");
        string tc = Path.Combine(scratch, "count.o");
        string tcAttachment = veth.AttachmentName("tc");
        Command.Cli("compile", assembly, "-p", "veth_tag", "-o", xdp, "--traits", "meta").EnsureSuccess();
        Command.Cli("compile", assembly, "-p", "veth_count", "-o", tc, "--traits", "meta").EnsureSuccess();
        var load = veth.Traitsbpf("load", xdp, "-i", veth.ReceiverInterface, "-n", veth.AttachmentName("xdp")).EnsureSuccess();
        Assert.Contains("traits: meta backend; integer key 7", load.Stdout, StringComparison.Ordinal);
        veth.Traitsbpf("load", tc, "-i", veth.ReceiverInterface, "--tc", "ingress", "-n", tcAttachment).EnsureSuccess();

        veth.Ping(5);

        var dump = JsonDocument.Parse(veth.Traitsbpf("maps", tcAttachment, "--map", "Seen", "--json").EnsureSuccess().Stdout).RootElement;
        var counts = dump[0].GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("keyInt").GetUInt64(), e => e.GetProperty("valueInt").GetUInt64());
        output.WriteLine($"TC ingress: {counts[0]} packets with the trait, {counts[1]} without");
        Assert.True(counts[0] >= 5, $"TC saw {counts[0]} packets with the trait; 5 echo requests (and ARP) were sent");
        Assert.Equal(0UL, counts[1]);
    }
}
