using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// The context of a tracing program (tp_btf, raw_tp, kprobe, kretprobe, fentry, fexit). Programs
/// do not read it: the compiler reads the traced function's arguments from it (the u64 argument
/// array, or the registers of a kprobe) into the method's parameters. As managed code a tracing
/// program is an ordinary method: call it with <c>new TraceContext()</c> and the arguments.
/// </summary>
public sealed class TraceContext
{
    /// <summary>
    /// Copies <paramref name="size"/> bytes of kernel memory at <paramref name="from"/> to <paramref name="to"/>
    /// (bpf_probe_read_kernel): 0, or -EFAULT with <paramref name="to"/> zeroed when the kernel cannot read
    /// there. For memory a <c>[KernelType]</c> field cannot name: bytes an sk_buff's <c>Head</c> points into,
    /// a field at an offset the loader read from the kernel's BTF. Managed: the process's memory is the
    /// kernel's, so it copies, and a null <paramref name="from"/> is -EFAULT.
    /// </summary>
    [BpfHelper(BpfHelper.ProbeReadKernel)]
    public static unsafe long ProbeReadKernel(void* to, uint size, void* from)
    {
        if (from == null)
        {
            new Span<byte>(to, (int)size).Clear();
            return -Errno.EFAULT;
        }

        Buffer.MemoryCopy(from, to, size, size);
        return 0;
    }
}
