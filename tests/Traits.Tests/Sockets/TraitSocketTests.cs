using System.Net.Sockets;
using System.Text.Json;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Sockets;
using TraitsBpf.Traits.Tests.Infrastructure;

namespace TraitsBpf.Traits.Tests.Sockets;

/// <summary>
/// TraitSocket against the running kernel: where the kernel lacks SOL_BPF (a stock kernel, as on
/// the test host) it says so in one sentence; traitsbpf kernel reports what the kernel says. The
/// patched kernel's side runs in the VM tier (tests/Vm/guest-traits.sh, TraitEcho).
/// </summary>
public sealed class TraitSocketTests
{
    [Fact]
    public void AKernelWithoutSocketTraitsIsToldInOneSentence()
    {
        bool supported = SocketTraitsProbe.IsSupported();
        Assert.Equal(supported, TraitSocket.IsSupported());
        if (supported)
        {
            using var socket = new TraitSocket(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
            return;
        }

        var error = Assert.Throws<TraitsNotSupportedException>(
            () => new TraitSocket(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)));
        Assert.Contains("does not pass packet traits to sockets: SOL_BPF SO_BPF_TRAITS comes with the TraitsBpf kernel series", error.Message);
        Assert.Single(error.Message.Split(". ", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void SocketsOfOtherFamiliesAreRefused()
    {
        var error = Assert.Throws<TraitsNotSupportedException>(
            () => new TraitSocket(new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified)));
        Assert.Equal("Packet traits reach sockets of the IP families only; this socket is Unix.", error.Message);
    }

    [Fact]
    public void TraitsbpfKernelReportsWhatTheKernelSays()
    {
        var result = Command.Cli("kernel", "--json");
        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Stdout);
        Assert.Equal(SocketTraitsProbe.IsSupported(), report.RootElement.GetProperty("socketTraits").GetBoolean());
        var text = Command.Cli("kernel");
        Assert.Contains(SocketTraitsProbe.IsSupported() ? "socket traits: yes" : "socket traits: no", text.Stdout);

        // The cgroup hooks' kfuncs come with the same series: the host's 6.18 has neither.
        bool cgroupTraits = report.RootElement.GetProperty("sockAddrTraits").GetBoolean();
        Assert.Equal(SocketTraitsProbe.IsSupported(), cgroupTraits);
        Assert.Contains(cgroupTraits ? "cgroup traits: yes" : "cgroup traits: no", text.Stdout);
        bool cgroupMessages = report.RootElement.GetProperty("sockAddrControlMessages").GetBoolean();
        Assert.Equal(SocketTraitsProbe.IsSupported(), cgroupMessages);
        Assert.Contains(cgroupMessages ? "cgroup cmsgs:  yes" : "cgroup cmsgs:  no", text.Stdout);
    }
}
