using TraitsBpf.Object;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Scenarios;

/// <summary>The smallest useful object: an XDP program returning XDP_PASS, with its license, func_info and line info.</summary>
public sealed class XdpPassScenario : ObjectScenario
{
    protected override string Name => "pass";

    protected override string CSource => """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>

        SEC("xdp")
        int xdp_pass(struct xdp_md *ctx)
        {
        	return XDP_PASS;
        }

        char LICENSE[] SEC("license") = "GPL";
        """;

    protected override ObjectModel CreateModel() => Model();

    internal static ObjectModel Model()
    {
        var section = new CodeSection("xdp", Asm.Code(Asm.MovImm(0, 2), Asm.Exit()));
        section.Functions.Add(new FunctionSymbol("xdp_pass", 0, 2, TestTypes.XdpProgram("xdp_pass"), IsGlobal: true));
        AddLines(section, (0, 7, "        return XdpAction.Pass;"));
        var model = new ObjectModel();
        model.Sections.Add(section);
        return model;
    }
}
