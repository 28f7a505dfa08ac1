using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Scenarios;

/// <summary>
/// An array of maps whose inner template is <c>__array(values, struct {...})</c> and whose slots 1 and 3 are
/// filled at load with two hash maps of the object (<c>.values = { [1] = ..., [3] = ... }</c>: R_BPF_64_ABS64
/// relocations in <c>.rel.maps</c>), looked up and then looked into as clang compiles it.
/// </summary>
public sealed class MapOfMapsScenario : ObjectScenario
{
    private const int HelperMapLookupElem = 1;

    protected override string Name => "map_of_maps";

    protected override string CSource => """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>

        struct {
        	__uint(type, BPF_MAP_TYPE_HASH);
        	__type(key, __u32);
        	__type(value, __u64);
        	__uint(max_entries, 16);
        } objtest_blue SEC(".maps");

        struct {
        	__uint(type, BPF_MAP_TYPE_HASH);
        	__type(key, __u32);
        	__type(value, __u64);
        	__uint(max_entries, 16);
        } objtest_green SEC(".maps");

        struct {
        	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
        	__type(key, __u32);
        	__uint(max_entries, 4);
        	__array(values, struct {
        		__uint(type, BPF_MAP_TYPE_HASH);
        		__type(key, __u32);
        		__type(value, __u64);
        		__uint(max_entries, 16);
        	});
        } objtest_tables SEC(".maps") = {
        	.values = { [1] = (void *)&objtest_blue, [3] = (void *)&objtest_green },
        };

        SEC("xdp")
        int table_lookups(struct xdp_md *ctx)
        {
        	__u32 key = 1;
        	void *table = bpf_map_lookup_elem(&objtest_tables, &key);

        	if (!table)
        		return XDP_DROP;
        	return bpf_map_lookup_elem(table, &key) ? XDP_PASS : XDP_DROP;
        }

        char LICENSE[] SEC("license") = "GPL";
        """;

    /// <summary>libbpf creates the outer map from the template and puts the two hash maps in slots 1 and 3.</summary>
    [Fact]
    public void TheKernelHoldsTheInnerMapsInTheirSlots()
    {
        using KernelLoad load = KernelLoad.Load(WriteOurObject());
        load.Result.AssertClean();

        var tables = Assert.Single(load.MapsUsedBy("table_lookups"));
        Assert.Equal(new LoadedMap("objtest_tables", "array_of_maps", 0, 4, 4, 4, false), tables);
        string dump = ExternalTool.Run("bpftool", "-j", "map", "dump", "name", "objtest_tables").AssertClean().Output;
        using var entries = System.Text.Json.JsonDocument.Parse(dump);
        Assert.Equal(2, entries.RootElement.GetArrayLength());
    }

    protected override ObjectModel CreateModel()
    {
        var xdp = new CodeSection("xdp", Asm.Code(
            Asm.MovImm(6, 1),
            Asm.StoreWord(10, 6, -4),
            Asm.Mov(2, 10),
            Asm.AddImm(2, -4),
            Asm.LoadImm64(1, 0),
            Asm.CallHelper(HelperMapLookupElem),
            Asm.JumpIfZero(0, 7),
            Asm.Mov(2, 10),
            Asm.AddImm(2, -4),
            Asm.Mov(1, 0),
            Asm.CallHelper(HelperMapLookupElem),
            Asm.MovImm(6, 1),
            Asm.JumpIfZero(0, 1),
            Asm.MovImm(6, 2),
            Asm.Mov(0, 6),
            Asm.Exit()));
        xdp.Functions.Add(new FunctionSymbol("table_lookups", 0, 17, TestTypes.XdpProgram("table_lookups"), IsGlobal: true));
        xdp.Relocations.Add(new CodeRelocation(4, new MapReference("objtest_tables")));
        AddLines(xdp, (0, 30, "uint key = 1;"), (4, 31, "var table = Tables.Lookup(key);"), (8, 34, "return table.Lookup(key) != null ? XdpAction.Pass : XdpAction.Drop;"));

        MapDefinition Counters(string name) => new(name, BpfMapType.Hash, TestTypes.U32, TestTypes.U64, 0, 0, 16);
        var model = new ObjectModel();
        model.Sections.Add(xdp);
        model.Maps.Add(Counters("objtest_blue"));
        model.Maps.Add(Counters("objtest_green"));
        model.Maps.Add(new MapDefinition("objtest_tables", BpfMapType.ArrayOfMaps, TestTypes.U32, null, 0, 0, 4, Inner: Counters(""), Slots: [new MapSlot(1, "objtest_blue"), new MapSlot(3, "objtest_green")]));
        return model;
    }
}
