using System.Text.Json;
using System.Text.RegularExpressions;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>`traitsbpf run` against bpftool's `prog run` on the same programs and packets.</summary>
public sealed partial class RunTests : IDisposable
{
    private readonly string _pins = $"/sys/fs/bpf/{UniqueName.Next()}-bpftool";
    private readonly string _work = Directory.CreateTempSubdirectory("traitsbpf-run-").FullName;

    public RunTests()
    {
        Privileges.RequireRoot();
        Run.RequireTool("bpftool");
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { "xdp_verdict", Convert.ToHexString(Packets.Udp(9)) },
        { "xdp_verdict", Convert.ToHexString(Packets.Udp(53)) },
        { "xdp_verdict", Convert.ToHexString(Packets.Udp(7)) },
        { "xdp_verdict", Convert.ToHexString(Packets.Arp()) },
        { "tc_verdict", Convert.ToHexString(Packets.Udp(9)) },
        { "tc_verdict", Convert.ToHexString(Packets.Udp(10)) },
        { "socket_length", Convert.ToHexString(Packets.Udp(10, payload: 100)) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_of_an_object_and_of_a_pin_agree_with_bpftool(string program, string packetHex)
    {
        var packet = Convert.FromHexString(packetHex);
        var packetFile = Path.Combine(_work, "packet.bin");
        var bpftoolOut = Path.Combine(_work, "bpftool-out.bin");
        File.WriteAllBytes(packetFile, packet);
        Run.Command("bpftool", "prog", "loadall", ClangObjects.Path("verdicts"), _pins).EnsureSuccess();

        var bpftool = Run.Command("bpftool", "prog", "run", "pinned", $"{_pins}/{program}", "data_in", packetFile, "data_out", bpftoolOut).EnsureSuccess();
        var bpftoolReturn = uint.Parse(ReturnValue().Match(bpftool.Stdout).Groups[1].Value);
        var fromObject = Report(Traitsbpf.Run("run", ClangObjects.Path("verdicts"), "--program", program, "--packet", packetFile, "--json"));
        var fromPin = Report(Traitsbpf.Run("run", $"{_pins}/{program}", "--hex", packetHex, "--json"));

        Assert.Equal(bpftoolReturn, fromObject.GetProperty("returnValue").GetUInt32());
        Assert.Equal(bpftoolReturn, fromPin.GetProperty("returnValue").GetUInt32());
        var expectedOut = Convert.ToHexStringLower(File.ReadAllBytes(bpftoolOut));
        Assert.Equal(expectedOut, fromObject.GetProperty("packetOut").GetString());
        Assert.Equal(expectedOut, fromPin.GetProperty("packetOut").GetString());
    }

    [Fact]
    public void Run_prints_the_action_name_the_packet_and_the_time_per_run()
    {
        var result = Traitsbpf.Run("run", ClangObjects.Path("verdicts"), "--program", "xdp_verdict", "--hex", Convert.ToHexString(Packets.Udp(9)), "--repeat", "100");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("program:  xdp_verdict (Xdp)", lines[0]);
        Assert.Equal("action:   XDP_DROP (1)", lines[1]);
        Assert.Equal($"packet:   {Convert.ToHexStringLower(Packets.Udp(9))} ({Packets.Udp(9).Length} bytes, unchanged)", lines[2]);
        Assert.Matches(@"^time:     \d+ ns per run \(100 runs\)$", lines[3]);
    }

    [Fact]
    public void Run_of_an_object_with_several_programs_needs_program()
    {
        var result = Traitsbpf.Run("run", ClangObjects.Path("verdicts"), "--hex", "00");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: object 'verdicts' has 3 programs to run; choose one with --program: xdp_verdict, tc_verdict, socket_length.\n", result.Stderr);
    }

    [Fact]
    public void Run_with_malformed_hex_exits_2()
    {
        var result = Traitsbpf.Run("run", ClangObjects.Path("verdicts"), "--program", "xdp_verdict", "--hex", "0g");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: the --hex packet is not an even number of hex digits.\n", result.Stderr);
    }

    public void Dispose()
    {
        if (Directory.Exists(_pins))
            Directory.Delete(_pins, recursive: true);
        Directory.Delete(_work, recursive: true);
    }

    private static JsonElement Report(ProcessResult result) => JsonDocument.Parse(result.EnsureSuccess().Stdout).RootElement.Clone();

    [GeneratedRegex(@"Return value: (\d+)")]
    private static partial Regex ReturnValue();
}
