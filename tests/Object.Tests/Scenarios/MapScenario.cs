using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Scenarios;

/// <summary>
/// BTF-defined maps in .maps: a hash map with struct key and value and an array map with
/// map_flags and pinning, each looked up through an ld_imm64 with an R_BPF_64_64 relocation.
/// </summary>
public sealed class MapScenario : ObjectScenario
{
    private const uint ReadOnlyProgram = 1 << 7;
    private const int HelperMapLookupElem = 1;

    protected override string Name => "maps";

    protected override string[] PinnedMapNames => ["objtest_counters"];

    protected override string CSource => Source;

    internal const string Source = """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>

        struct flow_key {
        	__u32 saddr;
        	__u32 daddr;
        	__u16 sport;
        	__u16 dport;
        };

        struct flow_stats {
        	__u64 packets;
        	__u64 bytes;
        };

        struct {
        	__uint(type, BPF_MAP_TYPE_HASH);
        	__type(key, struct flow_key);
        	__type(value, struct flow_stats);
        	__uint(max_entries, 1024);
        } flows SEC(".maps");

        struct {
        	__uint(type, BPF_MAP_TYPE_ARRAY);
        	__type(key, __u32);
        	__type(value, __u64);
        	__uint(max_entries, 4);
        	__uint(map_flags, BPF_F_RDONLY_PROG);
        	__uint(pinning, LIBBPF_PIN_BY_NAME);
        } objtest_counters SEC(".maps");

        SEC("xdp")
        int map_lookups(struct xdp_md *ctx)
        {
        	__u32 index = 0;
        	struct flow_key key = {};
        	__u64 *counter = bpf_map_lookup_elem(&objtest_counters, &index);
        	struct flow_stats *stats = bpf_map_lookup_elem(&flows, &key);

        	if (stats)
        		stats->packets++;
        	return counter ? XDP_PASS : XDP_DROP;
        }

        char LICENSE[] SEC("license") = "GPL";
        """;

    /// <summary>The kernel creates both maps as declared, and libbpf pins the one with pinning = LIBBPF_PIN_BY_NAME.</summary>
    [Fact]
    public void TheKernelCreatesTheMapsAsDeclared()
    {
        using KernelLoad load = KernelLoad.Load(WriteOurObject(), PinnedMapNames);
        load.Result.AssertClean();

        var maps = load.MapsUsedBy("map_lookups").OrderBy(map => map.Name).ToList();

        Assert.Equal(
            [
                new LoadedMap("flows", "hash", 0, 12, 16, 1024, false),
                // The kernel keeps 15 characters of a map's name (BPF_OBJ_NAME_LEN); the pin keeps all of it.
                new LoadedMap("objtest_counter", "array", ReadOnlyProgram, 4, 8, 4, false),
            ],
            maps);
        Assert.True(File.Exists("/sys/fs/bpf/objtest_counters"), "libbpf did not pin objtest_counters by name.");
    }

    protected override ObjectModel CreateModel() => Model();

    internal static ObjectModel Model()
    {
        var flowKey = new BtfStruct("flow_key", 12);
        flowKey.Members.Add(new BtfMember("saddr", TestTypes.U32, 0));
        flowKey.Members.Add(new BtfMember("daddr", TestTypes.U32, 32));
        flowKey.Members.Add(new BtfMember("sport", TestTypes.U16, 64));
        flowKey.Members.Add(new BtfMember("dport", TestTypes.U16, 80));
        var flowStats = new BtfStruct("flow_stats", 16);
        flowStats.Members.Add(new BtfMember("packets", TestTypes.U64, 0));
        flowStats.Members.Add(new BtfMember("bytes", TestTypes.U64, 64));

        var xdp = new CodeSection("xdp", Asm.Code(
            Asm.MovImm(1, 0),
            Asm.StoreWord(10, 1, -4),
            Asm.StoreWord(10, 1, -8),
            Asm.StoreDouble(10, 1, -16),
            Asm.Mov(2, 10),
            Asm.AddImm(2, -4),
            Asm.LoadImm64(1, 0),
            Asm.CallHelper(HelperMapLookupElem),
            Asm.Mov(6, 0),
            Asm.Mov(2, 10),
            Asm.AddImm(2, -16),
            Asm.LoadImm64(1, 0),
            Asm.CallHelper(HelperMapLookupElem),
            Asm.JumpIfZero(0, 3),
            Asm.LoadDouble(1, 0, 0),
            Asm.AddImm(1, 1),
            Asm.StoreDouble(0, 1, 0),
            Asm.MovImm(0, 1),
            Asm.JumpIfZero(6, 1),
            Asm.MovImm(0, 2),
            Asm.Exit()));
        xdp.Functions.Add(new FunctionSymbol("map_lookups", 0, 23, TestTypes.XdpProgram("map_lookups"), IsGlobal: true));
        xdp.Relocations.Add(new CodeRelocation(6, new MapReference("objtest_counters")));
        xdp.Relocations.Add(new CodeRelocation(12, new MapReference("flows")));
        AddLines(xdp, (0, 40, "uint index = 0;"), (6, 42, "ulong* counter = Counters.Lookup(index);"), (12, 43, "FlowStats* stats = Flows.Lookup(key);"));

        var model = new ObjectModel();
        model.Sections.Add(xdp);
        model.Maps.Add(new MapDefinition("objtest_counters", BpfMapType.Array, TestTypes.U32, TestTypes.U64, 0, 0, 4, ReadOnlyProgram, PinByName: true));
        model.Maps.Add(new MapDefinition("flows", BpfMapType.Hash, flowKey, flowStats, 0, 0, 1024));
        return model;
    }
}
