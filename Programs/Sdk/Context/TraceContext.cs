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
    public static unsafe long ProbeReadKernel(void* to, uint size, void* from) => CopyUnlessNull(to, size, from);

    /// <summary>
    /// Copies a zero-terminated string of kernel memory at <paramref name="from"/> to <paramref name="to"/>, at most
    /// <paramref name="size"/> bytes with the terminator (bpf_probe_read_kernel_str): the bytes copied, terminator
    /// included (a string cut at <paramref name="size"/> is terminated in its last byte), 0 for a size of 0, or -EFAULT, or
    /// -ERANGE for an address in user space (null included), with <paramref name="to"/> zeroed. Bytes after the terminator
    /// are left as they were. Managed: the process's memory is the kernel's, and only null is outside it.
    /// </summary>
    [BpfHelper(BpfHelper.ProbeReadKernelStr)]
    public static unsafe long ProbeReadKernelString(void* to, uint size, void* from)
    {
        if (size == 0)
        {
            return 0;
        }

        if (from == null)
        {
            return Unreadable(to, size, Errno.ERANGE);
        }

        byte* destination = (byte*)to;
        byte* source = (byte*)from;
        uint copied = 0;
        do
        {
            destination[copied] = source[copied];
            copied++;
        }
        while (destination[copied - 1] != 0 && copied < size);
        destination[copied - 1] = 0;
        return copied;
    }

    /// <summary>
    /// Copies <paramref name="size"/> bytes of the running task's user memory at <paramref name="from"/> to
    /// <paramref name="to"/> (bpf_probe_read_user): 0, or -EFAULT with <paramref name="to"/> zeroed when the task has
    /// nothing readable there (a packet program runs for whichever task the packet met: a test run's is the caller).
    /// Managed: the process is the task, and only null is unreadable.
    /// </summary>
    [BpfHelper(BpfHelper.ProbeReadUser)]
    public static unsafe long ProbeReadUser(void* to, uint size, void* from) => CopyUnlessNull(to, size, from);

    /// <summary>
    /// Copies a zero-terminated string of the running task's user memory (bpf_probe_read_user_str): the bytes copied with
    /// the terminator, 1 for an empty string as Linux 6.18 gives it (6.12 gave 0); a string cut at <paramref name="size"/>
    /// is terminated in its last byte; -EFAULT with <paramref name="to"/> zeroed when unreadable. The kernel copies eight bytes at a time
    /// while eight remain, so the rest of the eight-byte word holding the terminator is zeroed too; managed execution
    /// does the same (the process is the task, and only null is unreadable).
    /// </summary>
    [BpfHelper(BpfHelper.ProbeReadUserStr)]
    public static unsafe long ProbeReadUserString(void* to, uint size, void* from)
    {
        if (size == 0)
        {
            return 0;
        }

        if (from == null)
        {
            return Unreadable(to, size, Errno.EFAULT);
        }

        long length = UserStringCopy.Copy((byte*)to, (byte*)from, size);
        if (length >= size)
        {
            ((byte*)to)[size - 1] = 0;
            return size;
        }

        return length + 1;
    }

    /// <summary>The probe reads' copy in managed execution: the process's memory, in which only null is unreadable.</summary>
    private static unsafe long CopyUnlessNull(void* to, uint size, void* from)
    {
        if (from == null)
        {
            return Unreadable(to, size, Errno.EFAULT);
        }

        Buffer.MemoryCopy(from, to, size, size);
        return 0;
    }

    /// <summary>What every probe read does where it cannot read: zeroes the destination and returns -<paramref name="errno"/>.</summary>
    private static unsafe long Unreadable(void* to, uint size, int errno)
    {
        new Span<byte>(to, (int)size).Clear();
        return -errno;
    }
}
