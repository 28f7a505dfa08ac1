using System.Buffers.Binary;
using System.Text.Json;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>Loading clang-compiled objects through the real verifier and running them with BPF_PROG_TEST_RUN.</summary>
public sealed class LoadAndRunTests
{
    private const uint XdpDrop = 1;
    private const uint XdpPass = 2;
    private const uint XdpTx = 3;

    public LoadAndRunTests() => Privileges.RequireRoot();

    [Fact]
    public void Xdp_program_returns_the_verdict_for_each_packet()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();
        var program = obj.Program("xdp_verdict");

        Assert.Equal(XdpDrop, program.TestRun(Packets.Udp(9)).ReturnValue);
        Assert.Equal(XdpPass, program.TestRun(Packets.Udp(53)).ReturnValue);
        Assert.Equal(XdpPass, program.TestRun(Packets.Arp()).ReturnValue);
    }

    [Fact]
    public void Xdp_output_packet_reflects_the_programs_writes()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();
        var packet = Packets.Udp(7);

        var result = obj.Program("xdp_verdict").TestRun(packet);

        Assert.Equal(XdpTx, result.ReturnValue);
        Assert.Equal(packet.Length, result.DataOut.Length);
        Assert.Equal(Packets.SourceMac, result.DataOut[..6]);
        Assert.Equal(Packets.DestinationMac, result.DataOut[6..12]);
        Assert.Equal(packet[12..], result.DataOut[12..]);
    }

    [Fact]
    public void Tc_and_socket_programs_run_over_skb_packets()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();
        var packet = Packets.Udp(9, payload: 30);

        Assert.Equal(2u, obj.Program("tc_verdict").TestRun(packet).ReturnValue);
        Assert.Equal(0u, obj.Program("tc_verdict").TestRun(Packets.Udp(10)).ReturnValue);
        // A socket filter sees the skb after eth_type_trans pulled the Ethernet header.
        Assert.Equal((uint)packet.Length - 14, obj.Program("socket_length").TestRun(packet).ReturnValue);
    }

    [Fact]
    public void Repeat_runs_the_program_that_many_times()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("xdp_counter"));
        obj.Load();

        obj.Program("xdp_count").TestRun(Packets.Udp(1), repeat: 1000);

        Assert.Equal(1000UL, ReadU64(obj.Map("counters"), 0));
        Assert.Equal(1000UL * (ulong)Packets.Udp(1).Length, ReadU64(obj.Map("counters"), 1));
    }

    [Fact]
    public void Xdp_context_can_be_passed_in_and_comes_back_out()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();
        var packet = Packets.Udp(53);
        var context = new byte[24]; // struct xdp_md: data, data_end, data_meta, ifindex, rx_queue, egress
        BinaryPrimitives.WriteUInt32LittleEndian(context.AsSpan(4), (uint)packet.Length);

        var result = obj.Program("xdp_verdict").TestRun(packet, context);

        Assert.Equal(XdpPass, result.ReturnValue);
        Assert.NotNull(result.ContextOut);
        Assert.Equal((uint)packet.Length, BinaryPrimitives.ReadUInt32LittleEndian(result.ContextOut.AsSpan(4)));
    }

    [Fact]
    public void Rodata_variable_set_before_load_changes_the_program()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("xdp_counter"));
        obj.SetConstant("verdict", "1");
        obj.Load();

        Assert.Equal(XdpDrop, obj.Program("xdp_count").TestRun(Packets.Udp(1)).ReturnValue);
    }

    [Fact]
    public void Boolean_rodata_variable_turns_counting_off()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("xdp_counter"));
        obj.SetConstant("enabled", "false");
        obj.Load();

        obj.Program("xdp_count").TestRun(Packets.Udp(1), repeat: 5);

        Assert.Equal(0UL, ReadU64(obj.Map("counters"), 0));
    }

    [Fact]
    public void Hash_map_lookup_update_delete_and_keys()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();
        var program = obj.Program("xdp_verdict");
        program.TestRun(Packets.Udp(53));
        program.TestRun(Packets.Udp(53));
        program.TestRun(Packets.Udp(9));
        var ports = obj.Map("ports_seen");

        var keys = ports.Keys().Select(k => BinaryPrimitives.ReadUInt16LittleEndian(k)).Order().ToArray();
        Assert.Equal(new ushort[] { 9, 53 }, keys);
        Assert.Equal(2UL, ReadU64(ports, Key16(53)));

        ports.Update(Key16(80), BitConverter.GetBytes(7UL), MapUpdateFlags.NoExist);
        Assert.Equal(7UL, ReadU64(ports, Key16(80)));
        var exists = Assert.Throws<LoaderException>(() => ports.Update(Key16(80), BitConverter.GetBytes(1UL), MapUpdateFlags.NoExist));
        Assert.Equal(17, exists.Errno);

        Assert.True(ports.Delete(Key16(80)));
        Assert.False(ports.Delete(Key16(80)));
        Assert.False(ports.Lookup(Key16(80), new byte[8]));
    }

    [Fact]
    public void Per_cpu_map_values_have_one_slot_per_possible_cpu()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("xdp_counter"));
        obj.Load();
        obj.Program("xdp_count").TestRun(Packets.Udp(1), repeat: 10);
        var map = obj.Map("percpu_packets");

        var values = new byte[map.ValueBufferSize];
        Assert.True(map.Lookup(new byte[4], values));
        var total = Enumerable.Range(0, values.Length / 8).Sum(cpu => (long)BinaryPrimitives.ReadUInt64LittleEndian(values.AsSpan(cpu * 8)));
        Assert.Equal(10, total);
        Assert.Throws<ArgumentException>(() => map.Lookup(new byte[4], new byte[8 * map.ValueBufferSize / 8 - 1]));
    }

    [Fact]
    public void Info_matches_what_bpftool_reports()
    {
        Run.RequireTool("bpftool");
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();

        var info = obj.Program("xdp_verdict").Info();
        var bpftool = JsonDocument.Parse(Run.Command("bpftool", "prog", "show", "id", info.Id.ToString(), "--json").EnsureSuccess().Stdout).RootElement;

        Assert.Equal("xdp_verdict", info.Name);
        Assert.Equal(BpfProgramType.Xdp, info.Type);
        Assert.Equal(bpftool.GetProperty("tag").GetString(), info.Tag);
        Assert.Equal(bpftool.GetProperty("bytes_xlated").GetInt32() / 8, info.InstructionCount);
        Assert.Equal(bpftool.GetProperty("bytes_jited").GetUInt32(), info.JitedSize);
        Assert.True(info.VerifiedInstructions > 0);
        Assert.Single(info.MapIds);
    }

    [Fact]
    public void Autoload_off_leaves_a_program_unloaded()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Program("tc_verdict").Autoload = false;
        obj.Load();

        Assert.True(obj.Program("xdp_verdict").Fd > 0);
        Assert.Throws<InvalidOperationException>(() => obj.Program("tc_verdict").Fd);
    }

    [Fact]
    public void Too_short_packet_for_an_skb_program_is_a_clear_error()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();

        var error = Assert.Throws<LoaderException>(() => obj.Program("tc_verdict").TestRun(new byte[4]));
        Assert.Equal(LoaderErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Descriptors_are_gone_once_the_object_is_disposed()
    {
        var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();
        var program = obj.Program("xdp_verdict");
        var map = obj.Map("ports_seen");

        obj.Dispose();

        Assert.Throws<ObjectDisposedException>(() => program.Fd);
        Assert.Throws<ObjectDisposedException>(() => map.Fd);
    }

    private static ulong ReadU64(BpfMap map, uint key) => ReadU64(map, BitConverter.GetBytes(key));

    private static ulong ReadU64(BpfMap map, byte[] key)
    {
        var value = new byte[map.ValueBufferSize];
        Assert.True(map.Lookup(key, value));
        return BinaryPrimitives.ReadUInt64LittleEndian(value);
    }

    private static byte[] Key16(ushort port) => BitConverter.GetBytes(port);
}
