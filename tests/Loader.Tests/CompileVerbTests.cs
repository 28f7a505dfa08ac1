using TraitsBpf.Loader.Tests.CSharp;
using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.Samples;

namespace TraitsBpf.Loader.Tests;

/// <summary>traitsbpf compiles C# assemblies: the compile verb, and assemblies given to load and run directly.</summary>
public sealed class CompileVerbTests
{
    private static readonly string Samples = typeof(PortFilter).Assembly.Location;
    private static readonly string Broken = typeof(BrokenPrograms).Assembly.Location;

    [Fact]
    public void Compile_writes_an_object_bpftool_loads()
    {
        var output = Path.Combine(Path.GetTempPath(), $"{UniqueName.Next()}.bpf.o");
        string pin = $"/sys/fs/bpf/{UniqueName.Next()}";
        try
        {
            var result = Traitsbpf.Run("compile", Samples, "-o", output, "--program", "port_filter", "--program", "mss_clamp").EnsureSuccess();
            Assert.Matches(@"port_filter\s+xdp\s+\d+ instructions", result.Stdout);
            Assert.Matches(@"mss_clamp\s+tc egress\s+\d+ instructions", result.Stdout);
            Assert.Contains($"wrote {output}", result.Stdout, StringComparison.Ordinal);
            Run.Command("bpftool", "prog", "loadall", output, pin).EnsureSuccess();
        }
        finally
        {
            File.Delete(output);
            if (Directory.Exists(pin))
                Directory.Delete(pin, recursive: true);
        }
    }

    [Fact]
    public void A_name_longer_than_the_kernels_is_found_in_full_and_truncated_only_in_the_kernel()
    {
        const string Name = "balancer_ingress_long_name";
        var output = Path.Combine(Path.GetTempPath(), $"{UniqueName.Next()}.bpf.o");
        string pin = $"/sys/fs/bpf/{UniqueName.Next()}";
        try
        {
            Traitsbpf.Run("compile", Broken, "--program", Name, "-o", output).EnsureSuccess();
            Assert.Contains(Name, Run.Command("llvm-readelf", "-s", output).EnsureSuccess().Stdout, StringComparison.Ordinal);
            Run.Command("bpftool", "prog", "loadall", output, pin).EnsureSuccess();
            // libbpf pins under the full name and gives the kernel the first 15 characters; bpftool
            // shows the full name again from the program's BTF, which must therefore carry it.
            var shown = Run.Command("bpftool", "prog", "show", "pinned", Path.Combine(pin, Name)).EnsureSuccess().Stdout;
            Assert.Contains($"name {Name} ", shown, StringComparison.Ordinal);

            var run = Traitsbpf.Run("run", output, "--program", Name, "--hex", new string('0', 2 * 60)).EnsureSuccess();
            Assert.Contains("XDP_DROP", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
            if (Directory.Exists(pin))
                Directory.Delete(pin, recursive: true);
        }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    public void An_assembly_whose_sdk_reference_is_missing_or_corrupt_is_not_an_object(string damage)
    {
        var directory = Directory.CreateTempSubdirectory("tbsdk-").FullName;
        try
        {
            var assembly = Path.Combine(directory, Path.GetFileName(Samples));
            File.Copy(Samples, assembly);
            var sdk = Path.Combine(directory, "TraitsBpf.Sdk.dll");
            if (damage == "corrupt")
            {
                var image = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(Samples)!, "TraitsBpf.Sdk.dll"));
                image.AsSpan(0x200, 0x400).Fill(0xa5);
                File.WriteAllBytes(sdk, image);
            }

            var result = Traitsbpf.Run("compile", assembly, "--program", "port_filter", "-o", "/dev/null");

            Assert.True(result.ExitCode == 4, result.ToString());
            Assert.StartsWith($"error: ", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(damage == "missing" ? "references assembly 'TraitsBpf.Sdk'" : "TraitsBpf.Sdk.dll', which", result.Stderr, StringComparison.Ordinal);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Compile_errors_name_the_line_and_exit_12()
    {
        var result = Traitsbpf.Run("compile", Broken, "--program", "broken_alloc", "-o", "/dev/null");
        Assert.Equal(12, result.ExitCode);
        int line = Array.FindIndex(File.ReadAllLines(Path.Combine(Repository.Root, "tests/Loader.Tests/CSharp/BrokenPrograms.cs")), l => l.Contains("// refused:", StringComparison.Ordinal)) + 1;
        Assert.Matches($@"^/.*BrokenPrograms\.cs:{line}: error: 'new List`1\(\.\.\.\)' allocates an object on the managed heap", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Compile_of_a_missing_program_lists_the_others_and_exits_7()
    {
        var result = Traitsbpf.Run("compile", Samples, "--program", "nope", "-o", "/dev/null");
        Assert.Equal(7, result.ExitCode);
        Assert.Contains("has no program named 'nope'; it has", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("port_filter", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_takes_an_assembly_and_compiles_it()
    {
        // A UDP datagram to the port the filter blocks.
        const string Blocked = "02000000000202000000000108004500002000000000401100000acb00010acb00029c40270f000c000064656d6f";
        var result = Traitsbpf.Run("run", Samples, "--program", "port_filter", "--hex", Blocked).EnsureSuccess();
        Assert.Contains("XDP_DROP", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_takes_an_assembly_and_attaches_the_program()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("cs");
        veth.Traitsbpf("load", Samples, "--program", "xdp_counter", "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();
        veth.Ping(3);
        Assert.True(Traitsbpf.MapValue(veth.ReceiverNamespace, name, "Counters", 0) >= 3);
        veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface).EnsureSuccess();
    }
}
