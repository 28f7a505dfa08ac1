using System.Runtime.InteropServices;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_spin_lock</c>: a lock a map value holds as a field, taken with <see cref="Lock"/> and released with
/// <see cref="Unlock"/> around updates of the value's other fields that must not interleave with another CPU's.
/// The compiler names it in the map value's BTF as the kernel expects, so the kernel finds the lock (one per
/// value); user space reads and writes of the value skip its bytes.
/// </summary>
/// <remarks>
/// The kernel allows what the lock may guard narrowly, and the compiler refuses the rest with the C# line: the lock
/// must be a field of a map value (not a local), nothing but the value's fields and arithmetic may happen while it
/// is held (no helper, no call of a method the compiler does not inline, no second lock), and every path that takes
/// it releases it in the same method. The fields of a value that holds a lock are read and written one by one: a
/// copy of the whole value would touch the lock's bytes, which the verifier refuses. Socket filter programs cannot
/// use a map whose value holds a lock (Linux refuses it). Run as managed code it is a real spin lock: threads that
/// take it wait for each other (the managed maps themselves are not made for threads).
/// </remarks>
[KernelType("bpf_spin_lock")]
[StructLayout(LayoutKind.Sequential)]
public struct BpfSpinLock
{
    // The kernel's lock word; managed execution spins on it the same way.
    private uint val;

    /// <summary>Takes the lock, spinning until another holder releases it (bpf_spin_lock).</summary>
    [BpfHelper(BpfHelper.SpinLock)]
    public void Lock()
    {
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref val, 1, 0) != 0)
        {
            spin.SpinOnce();
        }
    }

    /// <summary>Releases the lock <see cref="Lock"/> took (bpf_spin_unlock).</summary>
    [BpfHelper(BpfHelper.SpinUnlock)]
    public void Unlock() => Volatile.Write(ref val, 0);
}
