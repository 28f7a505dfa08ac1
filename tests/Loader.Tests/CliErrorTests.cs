using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// Every documented failure of traitsbpf: one clear sentence on stderr, its own exit code,
/// no stack trace, and nothing left attached or pinned.
/// </summary>
public sealed class CliErrorTests
{
    [Fact]
    public void Missing_file_exits_3()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");

        var result = veth.Traitsbpf("load", "/nonexistent/prog.o", "--iface", veth.ReceiverInterface, "--name", name);

        AssertFailure(result, 3, "error: file '/nonexistent/prog.o' does not exist.");
        AssertClean(veth, name);
    }

    [Fact]
    public void Not_an_object_exits_4()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");
        var source = ClangObjects.Source("bad_access");

        var result = veth.Traitsbpf("load", source, "--iface", veth.ReceiverInterface, "--name", name);

        AssertFailure(result, 4, $"error: '{source}' is not a BPF ELF object or a .NET assembly with BPF programs.");
        AssertClean(veth, name);
    }

    [Fact]
    public void Corrupted_object_exits_4_without_crashing()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");
        var image = File.ReadAllBytes(ClangObjects.Path("xdp_counter"));
        image.AsSpan(image.Length - 512).Fill(0xee);
        var path = Path.Combine(Path.GetTempPath(), $"{veth.Id}-corrupt.o");
        File.WriteAllBytes(path, image);
        try
        {
            var result = veth.Traitsbpf("load", path, "--iface", veth.ReceiverInterface, "--name", name);

            Assert.Equal(4, result.ExitCode);
            Assert.StartsWith($"error: '{path}' ", result.Stderr, StringComparison.Ordinal);
            AssertClean(veth, name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void No_such_interface_exits_5()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");

        var result = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.Id + "zz", "--name", name);

        AssertFailure(result, 5, $"error: network interface '{veth.Id}zz' does not exist in this network namespace.");
        Assert.False(VethPair.Pinned(name));
    }

    [Fact]
    public void An_address_alias_is_refused_with_its_device_named()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");
        var alias = veth.ReceiverInterface + ":x";
        veth.IpInReceiver("addr", "add", "10.201.9.9/32", "dev", veth.ReceiverInterface, "label", alias).EnsureSuccess();

        var result = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", alias, "--name", name);

        AssertFailure(result, 5, $"error: network interface '{alias}' is an alias of '{veth.ReceiverInterface}'; name the interface itself ('{veth.ReceiverInterface}'), since a program attaches to the device, not to an alias.");
        AssertClean(veth, name);
    }

    [Theory]
    [InlineData("load", "CAP_BPF and CAP_NET_ADMIN")]
    [InlineData("detach", "CAP_BPF and CAP_NET_ADMIN")]
    [InlineData("list", "CAP_BPF")]
    [InlineData("run", "CAP_BPF")]
    public void Lacking_capabilities_exits_6(string verb, string missing)
    {
        Privileges.RequireRoot();
        Run.RequireTool("setpriv");
        string[] args = verb switch
        {
            "load" => ["load", ClangObjects.Path("xdp_counter"), "--iface", "lo"],
            "detach" => ["detach", "--iface", "lo"],
            "run" => ["run", ClangObjects.Path("verdicts"), "--program", "xdp_verdict", "--hex", "00"],
            _ => ["list"],
        };

        var result = Traitsbpf.RunWithoutCapabilities(args);

        AssertFailure(result, 6, $"error: traitsbpf {verb} needs root: the process lacks {missing}; run it with sudo.");
    }

    [Theory]
    [InlineData("list")]
    [InlineData("traits")]
    [InlineData("detach")]
    public void Capabilities_without_access_to_the_pins_exit_6_instead_of_answering_nothing(string verb)
    {
        Privileges.RequireRoot();
        Run.RequireTool("setpriv");
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");
        // Something is attached, so "nothing attached" would be a lie.
        veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();
        try
        {
            string[] args = verb == "detach" ? ["detach", "--name", name] : [verb];
            var result = Run.Command("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=+bpf,+net_admin,+perfmon", "--ambient-caps=+bpf,+net_admin,+perfmon", "dotnet", Traitsbpf.Dll, .. args], stdin: null);

            Assert.True(result.ExitCode == 6, result.ToString());
            Assert.StartsWith("error: cannot read traitsbpf's pins: /sys/fs/bpf", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("run traitsbpf as root", result.Stderr, StringComparison.Ordinal);
            Assert.True(VethPair.Pinned(name));
        }
        finally
        {
            veth.Traitsbpf("detach", "--name", name);
        }
    }

    [Fact]
    public void Kernel_needs_no_privileges()
    {
        Privileges.RequireRoot();
        var result = Traitsbpf.RunWithoutCapabilities("kernel");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Unknown_program_exits_7_and_names_the_programs()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");

        var result = veth.Traitsbpf("load", ClangObjects.Path("verdicts"), "--iface", veth.ReceiverInterface, "--program", "nope", "--name", name);

        AssertFailure(result, 7, "error: object 'verdicts' has no program named 'nope'; its programs are: xdp_verdict, tc_verdict, socket_length.");
        AssertClean(veth, name);
    }

    [Fact]
    public void Second_load_under_the_same_name_exits_8_and_suggests_replace()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");
        veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();
        var before = AttachTests.ListEntry(veth, name).GetProperty("programId").GetUInt32();

        var result = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name);

        AssertFailure(result, 8, $"error: traitsbpf attachment '{name}' already exists on {veth.ReceiverInterface} (xdp); pass --replace to replace its program atomically.");
        Assert.Equal(before, AttachTests.ListEntry(veth, name).GetProperty("programId").GetUInt32());
        veth.Traitsbpf("detach", "--name", name).EnsureSuccess();
    }

    [Fact]
    public void Second_xdp_load_under_another_name_exits_8_and_names_the_first()
    {
        using var veth = new VethPair();
        var first = veth.AttachmentName("a");
        var second = veth.AttachmentName("b");
        veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", first).EnsureSuccess();

        var result = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", second);

        AssertFailure(result, 8, $"error: interface {veth.ReceiverInterface} already has traitsbpf's XDP attachment '{first}'; pass --name {first} --replace to replace its program atomically.");
        Assert.False(VethPair.Pinned(second));
    }

    [Fact]
    public void Another_tools_xdp_program_is_neither_replaced_nor_detached()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");
        veth.IpInReceiver("link", "set", "dev", veth.ReceiverInterface, "xdpgeneric", "obj", ClangObjects.Path("xdp_counter"), "sec", "xdp").EnsureSuccess();

        var load = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--xdp-mode", "generic", "--name", name, "--replace");
        var detach = veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface);

        // Which sentence depends on whether this kernel loads freplace programs (XdpCoexistenceTests tells which).
        if (load.ExitCode == 11)
            Assert.Matches(@"^error: interface \S+ already runs another tool's XDP program 'xdp_count' \(id \d+\), and this kernel refuses freplace programs \(BPF_PROG_TYPE_EXT: [^)]+\), which sharing an XDP hook through libxdp's dispatcher needs\.\n$", load.Stderr);
        else
            Assert.Matches(@"^error: interface \S+ already runs another tool's XDP program 'xdp_count' \(id \d+\) outside libxdp's dispatcher, so traitsbpf cannot share the hook with it; load that program with xdp-loader \(libxdp\) to share the hook, or remove it\.\n$", load.Stderr);
        Assert.Contains(load.ExitCode, new[] { 8, 11 });
        AssertFailure(detach, 10, $"error: traitsbpf has nothing attached to {veth.ReceiverInterface}.");
        Assert.Equal(2, veth.ReceiverXdpMode());
        Assert.False(VethPair.Pinned(name));
    }

    [Fact]
    public void Verifier_rejection_exits_9_with_the_annotated_log_and_one_sentence()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");

        var result = veth.Traitsbpf("load", ClangObjects.Path("bad_access"), "--iface", veth.ReceiverInterface, "--name", name);

        Assert.Equal(9, result.ExitCode);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal("verifier log for program 'bad_access':", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("bad_access.c:10 | 1: (71) r1 = *(u8 *)(r1 +20)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("| ; return data[20] == 17 ? XDP_DROP : XDP_PASS; @ bad_access.c:10", StringComparison.Ordinal));
        Assert.Equal(
            "error: the verifier rejected program 'bad_access' at bad_access.c:10 (`return data[20] == 17 ? XDP_DROP : XDP_PASS;`), instruction 1 `r1 = *(u8 *)(r1 +20)`: invalid access to packet, off=20 size=1, R1(id=0,off=20,r=0); R1 offset is outside of the packet.",
            lines[^1]);
        AssertClean(veth, name);
    }

    [Fact]
    public void Detach_with_nothing_attached_exits_10()
    {
        using var veth = new VethPair();

        var result = veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface);

        AssertFailure(result, 10, $"error: traitsbpf has nothing attached to {veth.ReceiverInterface}.");
    }

    [Fact]
    public void Native_xdp_on_a_driver_without_it_exits_11_and_rolls_back_the_pins()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");
        // Loopback has no native XDP; this one is the throwaway namespace's own.
        var result = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", "lo", "--name", name);

        AssertFailure(result, 11, "error: the driver of lo does not support native XDP; use --xdp-mode generic.");
        Assert.False(VethPair.Pinned(name));
        Assert.DoesNotContain(Directory.EnumerateDirectories("/sys/fs/bpf/traitsbpf"), d => d.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--set", "verdict")]
    [InlineData("--set", "nope=1")]
    [InlineData("--set", "verdict=4294967296")]
    [InlineData("--tc", "sideways")]
    [InlineData("--set", "verdict=0x")]
    [InlineData("--set", "verdict=-0x")]
    [InlineData("--set", "verdict=-")]
    [InlineData("--set", "verdict= 1")]
    [InlineData("--set", "verdict=1 ")]
    [InlineData("--set", "verdict=1\n")]
    [InlineData("--set", "verdict=\u0661")]
    [InlineData("--name", "edge\n")]
    [InlineData("--name", "edge ")]
    public void Bad_argument_values_exit_2(string option, string value)
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("x");

        var result = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        AssertClean(veth, name);
    }

    private static void AssertFailure(ProcessResult result, int exitCode, string stderr)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Equal(stderr + "\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    private static void AssertClean(VethPair veth, string name)
    {
        Assert.False(VethPair.Pinned(name));
        Assert.Equal(0, veth.ReceiverXdpMode());
        Assert.DoesNotContain("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
    }
}
