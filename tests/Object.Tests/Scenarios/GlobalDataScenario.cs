using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Scenarios;

/// <summary>
/// Global variables in .data, .bss and .rodata (one of a self-referencing struct type, so the BTF
/// graph has a cycle): OBJECT symbols, a VAR per variable in a DATASEC
/// per section, and ld_imm64 R_BPF_64_64 relocations that libbpf turns into accesses to its
/// internal "&lt;obj&gt;.data"-style array maps.
/// </summary>
public sealed class GlobalDataScenario : ObjectScenario
{
    protected override string Name => "globals";

    protected override string CSource => """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>

        struct pair {
        	__u64 first;
        	__u64 second;
        };

        struct node {
        	struct node *next;
        	__u64 value;
        };

        __u64 packets = 5;
        struct pair totals;
        const volatile __u32 limit = 7;
        struct node head;

        SEC("xdp")
        int use_globals(struct xdp_md *ctx)
        {
        	packets++;
        	totals.second += limit;
        	head.value = packets;
        	return XDP_PASS;
        }

        char LICENSE[] SEC("license") = "GPL";
        """;

    /// <summary>libbpf turns each data section into an internal array map named "&lt;object&gt;.&lt;section&gt;"; .rodata is frozen and read-only to the program.</summary>
    [Fact]
    public void LibbpfCreatesItsInternalMapsFromOurSections()
    {
        using KernelLoad load = KernelLoad.Load(WriteOurObject());
        load.Result.AssertClean();

        var maps = load.MapsUsedBy("use_globals").OrderBy(map => map.Name).ToList();

        Assert.Equal(
            [
                new LoadedMap("globals.bss", "array", 0x400, 4, 32, 1, false),
                new LoadedMap("globals.data", "array", 0x400, 4, 8, 1, false),
                new LoadedMap("globals.rodata", "array", 0x480, 4, 4, 1, true),
            ],
            maps);
    }

    protected override ObjectModel CreateModel()
    {
        var pair = new BtfStruct("pair", 16);
        pair.Members.Add(new BtfMember("first", TestTypes.U64, 0));
        pair.Members.Add(new BtfMember("second", TestTypes.U64, 64));

        // A struct that points to itself: the BTF graph has a cycle.
        var node = new BtfStruct("node", 16);
        node.Members.Add(new BtfMember("next", new BtfPointer(node), 0));
        node.Members.Add(new BtfMember("value", TestTypes.U64, 64));

        var xdp = new CodeSection("xdp", Asm.Code(
            Asm.LoadImm64(1, 0),
            Asm.LoadWord(1, 1, 0),
            Asm.LoadImm64(2, 0),
            Asm.LoadDouble(3, 2, 8),
            Asm.Add(3, 1),
            Asm.StoreDouble(2, 3, 8),
            Asm.LoadImm64(1, 0),
            Asm.LoadDouble(2, 1, 0),
            Asm.AddImm(2, 1),
            Asm.StoreDouble(1, 2, 0),
            Asm.LoadImm64(1, 0),
            Asm.StoreDouble(1, 2, 8),
            Asm.MovImm(0, 2),
            Asm.Exit()));
        xdp.Functions.Add(new FunctionSymbol("use_globals", 0, 18, TestTypes.XdpProgram("use_globals"), IsGlobal: true));
        xdp.Relocations.Add(new CodeRelocation(0, new GlobalReference("limit")));
        xdp.Relocations.Add(new CodeRelocation(3, new GlobalReference("totals")));
        xdp.Relocations.Add(new CodeRelocation(8, new GlobalReference("packets")));
        xdp.Relocations.Add(new CodeRelocation(13, new GlobalReference("head")));
        AddLines(xdp, (0, 23, "Totals.Second += Limit;"), (8, 22, "Packets++;"), (13, 24, "Head.Value = Packets;"), (16, 25, "return XdpAction.Pass;"));

        var model = new ObjectModel();
        model.Sections.Add(xdp);
        model.Globals.Add(new GlobalVariable("packets", DataSectionKind.Data, TestTypes.U64, BitConverter.GetBytes(5UL), 8));
        model.Globals.Add(new GlobalVariable("totals", DataSectionKind.Bss, pair, new byte[16], 8));
        model.Globals.Add(new GlobalVariable("limit", DataSectionKind.Rodata, new BtfConst(new BtfVolatile(TestTypes.U32)), BitConverter.GetBytes(7U), 4));
        model.Globals.Add(new GlobalVariable("head", DataSectionKind.Bss, node, new byte[16], 8));
        return model;
    }
}
