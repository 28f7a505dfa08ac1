using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.CSharp;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// How the kfuncs a program calls decide its load: a receive-metadata kfunc binds the program to the
/// interface it attaches to (or refuses, with the reason, where it cannot be bound), and a kfunc the
/// kernel lacks is refused before anything reaches the kernel, naming the C# line. Uses a veth pair in
/// the test's own namespace; no traffic is sent (tests/Programs.Tests/Kfuncs sends it).
/// </summary>
public sealed class KfuncLoadTests : IDisposable
{
    private static readonly string Assembly = typeof(KfuncCallers).Assembly.Location;
    private readonly string _interface = UniqueName.Next() + "k";

    public KfuncLoadTests()
    {
        Privileges.RequireRoot();
        Run.Command("ip", "link", "add", _interface, "type", "veth", "peer", "name", _interface[..^1] + "p").EnsureSuccess();
    }

    [Fact]
    public void A_metadata_reader_is_bound_to_the_interface_it_attaches_to_and_says_so()
    {
        var result = Traitsbpf.Run("load", Assembly, "--iface", _interface, "--program", "rx_hash_reader").EnsureSuccess();
        Assert.Contains($"device: bound to {_interface} (it calls bpf_xdp_metadata_rx_hash at KfuncCallers.cs:{Line("metadata")})", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("prog/xdp id", Run.Command("ip", "link", "show", _interface).EnsureSuccess().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_refuses_a_metadata_reader_saying_why()
    {
        var result = Traitsbpf.Run("run", Assembly, "--program", "rx_hash_reader", "--hex", new string('0', 120));
        Assert.Equal(11, result.ExitCode);
        Assert.Contains($"reads receive metadata with bpf_xdp_metadata_rx_hash at KfuncCallers.cs:{Line("metadata")}, so it is bound to one device when it loads, and the kernel cannot test-run a device-bound program", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_mode_is_refused_for_a_metadata_reader_and_nothing_is_attached()
    {
        var result = Traitsbpf.Run("load", Assembly, "--iface", _interface, "--program", "rx_hash_reader", "--xdp-mode", "generic");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("a device-bound program runs only in the driver; drop --xdp-mode generic", result.Stderr, StringComparison.Ordinal);
        AssertNothingAttached();
    }

    [Fact]
    public void An_interface_whose_driver_lacks_the_metadata_is_refused()
    {
        Assert.Equal(XdpRxMetadataFeatures.None, NetdevFamily.RxMetadataFeatures(NetworkInterfaces.IndexOf("lo")));
        Assert.Equal(XdpRxMetadataFeatures.Timestamp | XdpRxMetadataFeatures.Hash | XdpRxMetadataFeatures.VlanTag, NetdevFamily.RxMetadataFeatures(NetworkInterfaces.IndexOf(_interface)));

        var result = Traitsbpf.Run("load", Assembly, "--iface", "lo", "--program", "rx_hash_reader", "--name", _interface + "-lo");
        Assert.Equal(11, result.ExitCode);
        Assert.Contains("which lo's driver does not implement (it gives XDP no receive metadata), so the call would return -EOPNOTSUPP on every packet", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(PinLayout.DefaultRoot, _interface + "-lo")));
    }

    [Fact]
    public void A_kfunc_the_kernel_lacks_is_refused_with_its_line_and_nothing_is_attached()
    {
        var result = Traitsbpf.Run("load", Assembly, "--iface", _interface, "--program", "missing_kfunc");
        Assert.Equal(11, result.ExitCode);
        Assert.Contains(
            $"program 'missing_kfunc' ({Assembly}) calls kfunc bpf_traitsbpf_no_such_kfunc at KfuncCallers.cs:{Line("missing")}, which this kernel ({KernelFeatures.CurrentRelease()}) does not have",
            result.Stderr, StringComparison.Ordinal);
        AssertNothingAttached();
    }

    [Fact]
    public void A_kfunc_declared_unlike_the_kernels_is_refused_with_the_difference()
    {
        var result = Traitsbpf.Run("load", Assembly, "--iface", _interface, "--program", "mismatched_kfunc", "--xdp-mode", "generic");
        Assert.Equal(11, result.ExitCode);
        Assert.Contains(
            $"calls kfunc bpf_dynptr_slice at KfuncCallers.cs:{Line("mismatched")} with a prototype this kernel's ({KernelFeatures.CurrentRelease()}) does not match, so libbpf would refuse it: the result is a pointer to integer where the kernel's is a pointer to void; declare it as the kernel does",
            result.Stderr, StringComparison.Ordinal);
        AssertNothingAttached();
    }

    [Fact]
    public void The_sdks_own_kfunc_declarations_match_the_kernels()
    {
        foreach (var name in (string[])["bpf_dynptr_from_xdp", "bpf_dynptr_from_skb", "bpf_dynptr_from_skb_meta", "bpf_dynptr_size", "bpf_dynptr_is_rdonly", "bpf_dynptr_slice", "bpf_dynptr_slice_rdwr",
            "bpf_xdp_metadata_rx_hash", "bpf_xdp_metadata_rx_timestamp", "bpf_xdp_metadata_rx_vlan_tag"])
        {
            Assert.NotNull(KernelFeatures.CurrentFunctionShape(name));
        }

        var run = Traitsbpf.Run("run", typeof(KfuncCallers).Assembly.Location, "--program", "sdk_kfuncs", "--hex", new string('0', 120));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private void AssertNothingAttached()
    {
        Assert.DoesNotContain("prog/xdp", Run.Command("ip", "link", "show", _interface).EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(PinLayout.DefaultRoot, _interface + "-xdp")));
    }

    private static int Line(string marker) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(Repository.Root, "tests/Loader.Tests/CSharp/KfuncCallers.cs")), l => l.Contains($"// kfunc: {marker}", StringComparison.Ordinal)) + 1;

    public void Dispose()
    {
        Traitsbpf.Run("detach", "--iface", _interface);
        Run.Command("ip", "link", "del", _interface);
    }
}
