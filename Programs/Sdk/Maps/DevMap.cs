using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>BPF_MAP_TYPE_DEVMAP: interfaces (by index) XDP programs redirect packets to.</summary>
public sealed class DevMap
{
    private readonly Dictionary<uint, uint> interfaces = [];

    /// <summary>Declares the map.</summary>
    public DevMap(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>
    /// Redirects to the interface in slot <paramref name="key"/> (bpf_redirect_map): XDP_REDIRECT, or,
    /// when the slot is empty, the action in the low bits of <paramref name="fallback"/>.
    /// </summary>
    [BpfHelper(BpfHelper.RedirectMap)]
    public XdpAction Redirect(uint key, ulong fallback = 0) =>
        interfaces.ContainsKey(key) ? XdpAction.Redirect : (XdpAction)(fallback & 0x3);

    /// <summary>Puts an interface index in a slot (managed only).</summary>
    public void Set(uint key, uint ifindex) => interfaces[key] = ifindex;

    /// <summary>Empties every slot (managed only).</summary>
    public void Clear() => interfaces.Clear();
}
