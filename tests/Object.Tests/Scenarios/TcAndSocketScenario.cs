using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Scenarios;

/// <summary>
/// Two programs of other kinds in one object, each in its own section ("tc" loads as
/// sched_cls, "socket" as a socket filter), with a forward-declared context struct.
/// </summary>
public sealed class TcAndSocketScenario : ObjectScenario
{
    protected override string Name => "tc_socket";

    protected override string CSource => """
        #include <linux/types.h>
        #include <bpf/bpf_helpers.h>

        struct __sk_buff;

        SEC("tc")
        int tc_ok(struct __sk_buff *skb)
        {
        	return 0;
        }

        SEC("socket")
        int socket_keep(struct __sk_buff *skb)
        {
        	return 0xffff;
        }

        char LICENSE[] SEC("license") = "GPL";
        """;

    protected override ObjectModel CreateModel() => Model();

    internal static ObjectModel Model()
    {
        var skbProto = new BtfFuncProto(TestTypes.Int, [new BtfParameter("skb", new BtfPointer(new BtfForward("__sk_buff")))]);
        var tc = new CodeSection("tc", Asm.Code(Asm.MovImm(0, 0), Asm.Exit()));
        tc.Functions.Add(new FunctionSymbol("tc_ok", 0, 2, new BtfFunc("tc_ok", skbProto, BtfLinkage.Global), IsGlobal: true));
        AddLines(tc, (0, 9, "return TcAction.Ok;"));
        var socket = new CodeSection("socket", Asm.Code(Asm.MovImm(0, 0xffff), Asm.Exit()));
        socket.Functions.Add(new FunctionSymbol("socket_keep", 0, 2, new BtfFunc("socket_keep", skbProto, BtfLinkage.Global), IsGlobal: true));
        AddLines(socket, (0, 15, "return 0xffff;"));

        var model = new ObjectModel();
        model.Sections.Add(tc);
        model.Sections.Add(socket);
        return model;
    }
}
