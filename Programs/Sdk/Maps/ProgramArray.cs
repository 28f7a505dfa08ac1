using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_PROG_ARRAY: slots of programs to tail-call into. A tail call replaces the running
/// program and does not return; when the slot is empty it falls through to the next statement.
/// In managed execution, fill slots with <see cref="Set(uint, Func{XdpContext, XdpAction})"/> and
/// run the entry program with <see cref="ManagedExecution"/>, which completes the jump.
/// </summary>
public sealed class ProgramArray
{
    private readonly Dictionary<uint, Delegate> slots = [];

    /// <summary>Declares the array.</summary>
    public ProgramArray(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>Jumps to the XDP program in slot <paramref name="index"/> (bpf_tail_call); returns only when the slot is empty.</summary>
    [BpfIntrinsic("tail_call", Helper = BpfHelper.TailCall)]
    public void TailCall(XdpContext ctx, uint index)
    {
        if (slots.GetValueOrDefault(index) is Func<XdpContext, XdpAction> program)
        {
            throw new TailCallException((int)program(ctx));
        }
    }

    /// <summary>Jumps to the TC program in slot <paramref name="index"/>; returns only when the slot is empty.</summary>
    [BpfIntrinsic("tail_call", Helper = BpfHelper.TailCall)]
    public void TailCall(TcContext ctx, uint index)
    {
        if (slots.GetValueOrDefault(index) is Func<TcContext, TcAction> program)
        {
            throw new TailCallException((int)program(ctx));
        }
    }

    /// <summary>Puts an XDP program in a slot (managed only; the loader fills the kernel's array).</summary>
    public void Set(uint index, Func<XdpContext, XdpAction> program) => slots[Check(index)] = program;

    /// <summary>Puts a TC program in a slot (managed only).</summary>
    public void Set(uint index, Func<TcContext, TcAction> program) => slots[Check(index)] = program;

    /// <summary>Empties every slot (managed only).</summary>
    public void Clear() => slots.Clear();

    private uint Check(uint index) => index < (uint)MaxEntries ? index : throw new ArgumentOutOfRangeException(nameof(index));
}
