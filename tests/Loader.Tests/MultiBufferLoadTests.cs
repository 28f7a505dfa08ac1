using System.Net;
using System.Net.Sockets;
using TraitsBpf.Loader.Tests.CSharp;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// <c>traitsbpf load</c> of a program marked for multi-buffer packets (section <c>xdp.frags</c>): libbpf loads it with
/// BPF_F_XDP_HAS_FRAGS, so it attaches in native mode to a veth whose MTU is 9000 and counts a datagram larger than a
/// page arriving in fragments; the same program without the mark is refused there with one sentence.
/// </summary>
public sealed class MultiBufferLoadTests : IDisposable
{
    private const int DatagramLength = 6000;
    private static readonly string Programs = typeof(MultiBufferPrograms).Assembly.Location;
    private readonly VethPair veth = new("tbg13");
    private readonly PrivatePinRoot pins;

    public MultiBufferLoadTests()
    {
        try
        {
            veth.SetMtu(9000);
            pins = new PrivatePinRoot();
        }
        catch
        {
            veth.Dispose();
            throw;
        }
    }

    [Fact]
    public void AFragmentsProgramLoadsOnAJumboVethAndSeesADatagramInFragments()
    {
        string name = veth.AttachmentName("frags");
        pins.Traitsbpf(veth.ReceiverNamespace, "load", Programs, "--program", "mb_count", "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();
        Assert.Equal(1, veth.ReceiverXdpMode());
        Assert.Equal(1, veth.Ping(1));
        NetworkNamespaceThread.Run(veth.SenderNamespace, () =>
        {
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sender.SendTo(new byte[DatagramLength], new IPEndPoint(IPAddress.Parse(VethPair.ReceiverAddress), 9));
        });

        var maps = pins.Traitsbpf(veth.ReceiverNamespace, "maps", name, "--map", "Fragmented", "--json").EnsureSuccess().Stdout;
        var entries = System.Text.Json.JsonDocument.Parse(maps).RootElement[0].GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("keyInt").GetUInt64(), e => e.GetProperty("valueInt").GetUInt64());
        Assert.Equal(1UL, entries[0]);
        Assert.Equal((ulong)(14 + 20 + 8 + DatagramLength), entries[1]);
        pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--name", name).EnsureSuccess();
    }

    [Fact]
    public void AProgramWithoutTheMarkIsRefusedOnAJumboVeth()
    {
        var load = pins.Traitsbpf(veth.ReceiverNamespace, "load", Programs, "--program", "mb_count_linear", "--iface", veth.ReceiverInterface, "--name", veth.AttachmentName("linear"));
        Assert.NotEqual(0, load.ExitCode);
        Assert.Contains(
            $"the driver of {veth.ReceiverInterface} refused the program: the MTU (a veth checks its peer's) lets packets larger than one page arrive, and the program takes only single-buffer packets; mark it [Xdp(name, Fragments = true)] (in C, SEC(\"xdp.frags\")) so that it takes multi-buffer packets, or lower the MTU",
            load.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, veth.ReceiverXdpMode());
    }

    public void Dispose()
    {
        pins.Dispose();
        veth.Dispose();
    }
}
