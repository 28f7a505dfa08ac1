using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// Whether the running kernel loads freplace programs (<c>BPF_PROG_TYPE_EXT</c>), which libxdp's dispatcher
/// needs: each program sharing an XDP hook replaces one of the dispatcher's slot functions. The kernel's BTF
/// cannot tell (a kernel can have the type and still refuse it: some refuse it with EPERM even to root), so
/// this loads a two-instruction XDP program with BTF and a two-instruction extension of it, attaches
/// neither, and closes both.
/// </summary>
public static unsafe class FreplaceSupport
{
    private const int ProgTypeXdp = 6;
    private const int ProgTypeExt = 28;
    private const int FuncLinkageGlobal = 1;
    private const int IntEncodingSigned = 1;

    private static readonly Lazy<int> s_errno = new(Probe);

    /// <summary>0 when the kernel loads an extension of an XDP program, else the errno it refused one with (a process without CAP_BPF and CAP_PERFMON is refused too).</summary>
    public static int RefusalErrno => s_errno.Value;

    private static int Probe()
    {
        LibbpfLog.EnsureInstalled();
        var btf = Native.btf__new_empty();
        if (btf == 0)
            return Errno.ENOENT;
        try
        {
            // int slot(struct xdp_md *ctx): the shape of a dispatcher's slot and of every XDP program.
            var intType = Native.btf__add_int(btf, "int", 4, IntEncodingSigned);
            var context = Native.btf__add_struct(btf, "xdp_md", 0);
            var pointer = Native.btf__add_ptr(btf, context);
            var proto = Native.btf__add_func_proto(btf, intType);
            Native.btf__add_func_param(btf, "ctx", pointer);
            var function = Native.btf__add_func(btf, "slot", FuncLinkageGlobal, proto);
            if (function < 0)
                return -function;
            var rc = Native.btf__load_into_kernel(btf);
            if (rc < 0)
                return -rc;

            using var target = Load(ProgTypeXdp, Native.btf__fd(btf), function, 0);
            if (target.Refusal != 0)
                return target.Refusal;
            using var extension = Load(ProgTypeExt, Native.btf__fd(btf), function, target.Fd);
            return extension.Refusal;
        }
        finally
        {
            Native.btf__free(btf);
        }
    }

    private static LoadedProbe Load(int type, int btfFd, int function, int targetFd)
    {
        // r0 = XDP_PASS; exit
        var instructions = stackalloc ulong[] { 0x0000_0002_0000_00b7UL, 0x0000_0000_0000_0095UL };
        var funcInfo = stackalloc uint[] { 0, (uint)function };
        var opts = new BpfProgLoadOpts
        {
            sz = (nuint)sizeof(BpfProgLoadOpts),
            prog_btf_fd = (uint)btfFd,
            func_info = funcInfo,
            func_info_cnt = 1,
            func_info_rec_size = 8,
            attach_prog_fd = (uint)targetFd,
            attach_btf_id = targetFd != 0 ? (uint)function : 0,
        };
        var fd = Native.bpf_prog_load(type, "slot", "GPL", instructions, 2, &opts);
        return fd < 0 ? new LoadedProbe(-1, -fd) : new LoadedProbe(fd, 0);
    }

    private readonly record struct LoadedProbe(int Fd, int Refusal) : IDisposable
    {
        public void Dispose()
        {
            if (Fd >= 0)
                LibC.close(Fd);
        }
    }
}
