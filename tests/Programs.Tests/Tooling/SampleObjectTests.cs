using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Tooling;

/// <summary>
/// Every sample, compiled on its own into an object, is read by the LLVM tools and bpftool
/// without complaint, loads with bpftool (an independent loader) with its C# lines in the
/// kernel's line info, and attaches with iproute2: XDP programs with
/// <c>ip link set dev … xdp obj … sec xdp</c>, TC programs with <c>tc filter … bpf da obj</c>.
/// </summary>
public sealed class SampleObjectTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("traitsbpf-objects-").FullName;

    public static TheoryData<string, string> Samples => new()
    {
        { "port_filter", "PortFilter.cs" },
        { "icmp_reflect", "IcmpEchoReflector.cs" },
        { "hdr_parser", "HeaderParser.cs" },
        { "mss_clamp", "TcpMssClamp.cs" },
        { "dscp_marker", "DscpMarker.cs" },
        { "xdp_counter", "PacketCounter.cs" },
        { "flow_table", "FlowTable.cs" },
        { "rate_limiter", "RateLimiter.cs" },
        { "syn_exporter", "SynExporter.cs" },
        { "dispatcher", "ProtocolDispatcher.cs" },
        { "dns_only", "DnsSocketFilter.cs" },
    };

    private (string Path, CompiledProgram Program) Compile(string name)
    {
        var result = BpfCompiler.Compile(SamplesFixture.SamplesAssemblyPath, new CompilerOptions { Programs = [name] });
        string path = Path.Combine(directory, $"{name}.bpf.o");
        File.WriteAllBytes(path, result.Object);
        return (path, result.Programs.Single());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void LlvmAndBpftoolReadTheObject(string name, string source)
    {
        var (path, _) = Compile(name);
        Assert.Contains("Disassembly of section", Tool.RunClean("llvm-objdump", "-dr", path).Output, StringComparison.Ordinal);
        Assert.Contains(".BTF.ext", Tool.RunClean("llvm-readelf", "-S", path).Output, StringComparison.Ordinal);
        Assert.Contains($"FUNC '{name}'", Tool.RunClean("bpftool", "btf", "dump", "file", path).Output, StringComparison.Ordinal);
        Assert.NotEmpty(source);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void BpftoolLoadsItAndShowsTheCSharpLines(string name, string source)
    {
        var (path, _) = Compile(name);
        string pin = $"/sys/fs/bpf/tbpf_{Guid.NewGuid():N}";
        try
        {
            Tool.RunClean("bpftool", "prog", "load", path, pin);
            var xlated = Tool.RunClean("bpftool", "prog", "dump", "xlated", "pinned", pin, "linum").Output;
            Assert.Contains($"{source} line_num:", xlated, StringComparison.Ordinal);
            Assert.Contains($"{name}(", xlated, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pin);
        }
    }

    [Theory]
    [InlineData("flow_table", "\"Source\": ")]
    [InlineData("rate_limiter", "\"RefilledNs\": ")]
    [InlineData("xdp_counter", "\"value\": 0")]
    public void BpftoolDumpsMapsWithTheirCSharpTypes(string name, string expected)
    {
        var (path, _) = Compile(name);
        string pin = $"/sys/fs/bpf/tbpf_{Guid.NewGuid():N}";
        try
        {
            Tool.RunClean("bpftool", "prog", "load", path, pin);
            var program = System.Text.Json.JsonDocument.Parse(Tool.RunClean("bpftool", "-j", "prog", "show", "pinned", pin).Output);
            var dumps = program.RootElement.GetProperty("map_ids").EnumerateArray()
                .Select(id => Tool.RunClean("bpftool", "map", "dump", "id", id.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)).Output)
                .ToList();
            if (name == "flow_table" || name == "rate_limiter")
            {
                // Hash maps start empty: put one zeroed element in to see its typed dump.
                var map = System.Text.Json.JsonDocument.Parse(Tool.RunClean("bpftool", "-j", "prog", "show", "pinned", pin).Output).RootElement.GetProperty("map_ids")[0].GetInt32();
                var info = System.Text.Json.JsonDocument.Parse(Tool.RunClean("bpftool", "-j", "map", "show", "id", map.ToString(System.Globalization.CultureInfo.InvariantCulture)).Output).RootElement;
                string[] Zeros(int n) => [.. Enumerable.Repeat("0", n)];
                Tool.RunClean("bpftool", ["map", "update", "id", map.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "key", .. Zeros(info.GetProperty("bytes_key").GetInt32()), "value", .. Zeros(info.GetProperty("bytes_value").GetInt32())]);
                dumps.Add(Tool.RunClean("bpftool", "map", "dump", "id", map.ToString(System.Globalization.CultureInfo.InvariantCulture)).Output);
            }

            Assert.Contains(dumps, d => d.Contains(expected, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(pin);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void IproutAttachesIt(string name, string source)
    {
        var (path, program) = Compile(name);
        if (program.Kind == ProgramKind.SocketFilter)
        {
            // Socket filters attach to sockets (SO_ATTACH_BPF), not to interfaces.
            Assert.Equal("socket", program.SectionName);
            return;
        }

        using var ns = new NetworkNamespace();
        if (program.Kind == ProgramKind.Xdp)
        {
            var attach = ns.Ip("link", "set", "dev", ns.First, "xdp", "obj", path, "sec", "xdp");
            Assert.True(attach.ExitCode == 0, attach.ToString());
            Assert.Contains("prog/xdp id", ns.Ip("link", "show", "dev", ns.First).Output, StringComparison.Ordinal);
            Assert.Equal(0, ns.Ip("link", "set", "dev", ns.First, "xdp", "off").ExitCode);
        }
        else
        {
            Assert.Equal(0, ns.Tc("qdisc", "add", "dev", ns.First, "clsact").ExitCode);
            var attach = ns.Tc("filter", "add", "dev", ns.First, program.TcDirection!, "bpf", "da", "obj", path, "sec", "tc");
            Assert.True(attach.ExitCode == 0, attach.ToString());
            Assert.Contains(name, ns.Tc("filter", "show", "dev", ns.First, program.TcDirection!).Output, StringComparison.Ordinal);
        }

        Assert.NotEmpty(source);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
