using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Scenarios;

/// <summary>
/// A kfunc call: an undefined extern symbol, an extern FUNC in the .ksyms DATASEC, and an
/// R_BPF_64_32 relocation that libbpf resolves against the kernel's BTF. bpf_cast_to_kern_ctx
/// is used because XDP may call it on any kernel since 6.3 without binding the program to a
/// device (the bpf_xdp_metadata_* kfuncs need a device-bound program, which bpftool 7.1 cannot load).
/// </summary>
public sealed class KfuncScenario : ObjectScenario
{
    protected override string Name => "kfunc";

    protected override string CSource => """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>

        extern void *bpf_cast_to_kern_ctx(void *obj) __ksym;

        SEC("xdp")
        int kfunc_call(struct xdp_md *ctx)
        {
        	void *kernel_ctx = bpf_cast_to_kern_ctx(ctx);

        	return kernel_ctx ? XDP_PASS : XDP_DROP;
        }

        char LICENSE[] SEC("license") = "GPL";
        """;

    protected override ObjectModel CreateModel()
    {
        var voidPointer = new BtfPointer(BtfVoid.Instance);
        var xdp = new CodeSection("xdp", Asm.Code(
            Asm.CallKfunc(), Asm.Mov(1, 0), Asm.MovImm(0, 1), Asm.JumpIfZero(1, 1), Asm.MovImm(0, 2), Asm.Exit()));
        xdp.Functions.Add(new FunctionSymbol("kfunc_call", 0, 6, TestTypes.XdpProgram("kfunc_call"), IsGlobal: true));
        xdp.Relocations.Add(new CodeRelocation(0, new KfuncCall("bpf_cast_to_kern_ctx")));
        AddLines(xdp, (0, 12, "var kernelContext = Kernel.CastToKernelContext(ctx);"), (1, 14, "return kernelContext != null ? XdpAction.Pass : XdpAction.Drop;"));

        var model = new ObjectModel();
        model.Sections.Add(xdp);
        model.Kfuncs.Add(new ExternFunction("bpf_cast_to_kern_ctx", new BtfFuncProto(voidPointer, [new BtfParameter("", voidPointer)])));
        return model;
    }
}
