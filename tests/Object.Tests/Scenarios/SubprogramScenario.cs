using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Scenarios;

/// <summary>
/// Calls into .text: a static subprogram from the program's section (relocated against the
/// .text section symbol), a global one (relocated against its own symbol), and a static one
/// from inside .text (resolved pc-relative, no relocation).
/// </summary>
public sealed class SubprogramScenario : ObjectScenario
{
    protected override string Name => "subprograms";

    protected override string CSource => """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>

        static __attribute__((noinline)) int triple(int value)
        {
        	return value * 3;
        }

        static __attribute__((noinline)) int triple_plus_one(int value)
        {
        	return triple(value) + 1;
        }

        __attribute__((noinline)) int add_seven(int value)
        {
        	return value + 7;
        }

        SEC("xdp")
        int calls(struct xdp_md *ctx)
        {
        	return triple_plus_one(ctx->ingress_ifindex) + add_seven(ctx->rx_queue_index);
        }

        char LICENSE[] SEC("license") = "GPL";
        """;

    protected override ObjectModel CreateModel()
    {
        var intToInt = new BtfFuncProto(TestTypes.Int, [new BtfParameter("value", TestTypes.Int)]);
        var text = new CodeSection(".text", Asm.Code(
            Asm.Mov(0, 1), Asm.AddImm(0, 7), Asm.Exit(),
            Asm.CallFunction(), Asm.AddImm(0, 1), Asm.Exit(),
            Asm.Mov(0, 1), Asm.MulImm(0, 3), Asm.Exit()));
        text.Functions.Add(new FunctionSymbol("add_seven", 0, 3, new BtfFunc("add_seven", intToInt, BtfLinkage.Global), IsGlobal: true));
        text.Functions.Add(new FunctionSymbol("triple_plus_one", 3, 3, new BtfFunc("triple_plus_one", intToInt, BtfLinkage.Static), IsGlobal: false));
        text.Functions.Add(new FunctionSymbol("triple", 6, 3, new BtfFunc("triple", intToInt, BtfLinkage.Static), IsGlobal: false));
        text.Relocations.Add(new CodeRelocation(3, new SubprogramCall("triple")));
        AddLines(text, (0, 20, "return value + 7;"), (3, 15, "return Triple(value) + 1;"), (6, 10, "return value * 3;"));

        var xdp = new CodeSection("xdp", Asm.Code(
            Asm.Mov(6, 1), Asm.LoadWord(1, 6, 12), Asm.CallFunction(), Asm.Mov(7, 0),
            Asm.LoadWord(1, 6, 16), Asm.CallFunction(), Asm.Add(0, 7), Asm.Exit()));
        xdp.Functions.Add(new FunctionSymbol("calls", 0, 8, TestTypes.XdpProgram("calls"), IsGlobal: true));
        xdp.Relocations.Add(new CodeRelocation(2, new SubprogramCall("triple_plus_one")));
        xdp.Relocations.Add(new CodeRelocation(5, new SubprogramCall("add_seven")));
        AddLines(xdp, (0, 26, "return TriplePlusOne(ctx.IngressIfindex) + AddSeven(ctx.RxQueueIndex);"), (7, 27, "}"));

        var model = new ObjectModel();
        model.Sections.Add(text);
        model.Sections.Add(xdp);
        return model;
    }
}
