using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// What the maps XDP programs redirect through share (<see cref="DevMap"/>, <see cref="DevMapHash"/>,
/// <see cref="CpuMap"/>, <see cref="XskMap"/>): slots of 32-bit keys holding a target user space puts there
/// (an interface index, a CPU's queue size, an AF_XDP socket), and <see cref="Redirect"/>, bpf_redirect_map.
/// </summary>
public abstract class RedirectTargetMap
{
    private readonly Dictionary<uint, (uint Target, Func<XdpContext, XdpAction>? Program)> slots = [];
    private readonly bool keysAreIndexes;

    private protected RedirectTargetMap(int maxEntries, bool keysAreIndexes, MapFlags flags)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        Flags = flags;
        this.keysAreIndexes = keysAreIndexes;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>
    /// Redirects to the target in slot <paramref name="key"/> (bpf_redirect_map): XDP_REDIRECT, or, when the slot
    /// is empty, the action in the low bits of <paramref name="fallbackFlags"/> (bpf_redirect_map's flags). Managed: the slot is remembered, as the
    /// kernel keeps it for after the program returns, so that <see cref="ManagedExecution.Deliver"/> runs the slot's program.
    /// </summary>
    [BpfHelper(BpfHelper.RedirectMap)]
    public XdpAction Redirect(uint key, ulong fallbackFlags = 0)
    {
        if (!slots.ContainsKey(key))
        {
            ManagedExecution.ForgetRedirect();
            return (XdpAction)(fallbackFlags & 0x3);
        }

        ManagedExecution.RememberRedirect(this, key);
        return XdpAction.Redirect;
    }

    /// <summary>Puts a target in a slot, as user space does (managed only); a program the slot held is gone.</summary>
    public void Set(uint key, uint target) => Put(key, target, null);

    /// <summary>Empties every slot (managed only).</summary>
    public void Clear() => slots.Clear();

    /// <summary>The target and program in slot <paramref name="key"/>, or null when it is empty.</summary>
    internal (uint Target, Func<XdpContext, XdpAction>? Program)? Slot(uint key) => slots.TryGetValue(key, out var slot) ? slot : null;

    private protected void Put(uint key, uint target, Func<XdpContext, XdpAction>? program)
    {
        if (keysAreIndexes && key >= (uint)MaxEntries)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key, $"the map has slots 0 to {MaxEntries - 1}");
        }

        slots[key] = (target, program);
    }
}
