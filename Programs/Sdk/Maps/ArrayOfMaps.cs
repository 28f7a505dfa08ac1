using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_ARRAY_OF_MAPS: <c>maxEntries</c> slots indexed 0 to maxEntries - 1, each empty or holding
/// a map shaped like <see cref="Template"/>. A program looks a slot up and uses the map it holds with that
/// map's own methods; only user space (or the declaration's initializer, <c>{ [1] = Blue }</c>, as
/// <c>.values = { [1] = &amp;blue }</c> in C) fills slots, as the kernel lets programs only look up a map of maps.
/// </summary>
/// <typeparam name="TInner">The inner map's SDK type, e.g. <c>HashMap&lt;uint, ulong&gt;</c>.</typeparam>
public sealed class ArrayOfMaps<TInner>
    where TInner : class
{
    private readonly TInner?[] slots;

    /// <summary>Declares the map.</summary>
    /// <param name="maxEntries">The number of slots.</param>
    /// <param name="template">
    /// The shape every inner map has (type, key, value, flags; the size too for array maps): the verifier types
    /// a lookup in an inner map by it, and the kernel refuses to put a map of another shape in a slot.
    /// </param>
    /// <param name="flags">map_flags of the outer map.</param>
    public ArrayOfMaps(int maxEntries, TInner template, MapFlags flags = MapFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentNullException.ThrowIfNull(template);
        MaxEntries = maxEntries;
        Template = template;
        Flags = flags;
        slots = new TInner?[maxEntries];
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>The inner map template (managed only: in the kernel it exists only as the outer map's inner-map shape).</summary>
    public TInner Template { get; }

    /// <summary>The map in slot <paramref name="index"/>, or null when the slot is empty or out of range (bpf_map_lookup_elem).</summary>
    [BpfHelper(BpfHelper.MapLookupElem)]
    public TInner? Lookup(in uint index) => index < (uint)MaxEntries ? slots[index] : null;

    /// <summary>
    /// The map in slot <paramref name="index"/>; setting it (null empties the slot) is what user space's
    /// bpf_map_update_elem with the inner map's descriptor does, and what an initializer <c>{ [i] = Map }</c> compiles to.
    /// </summary>
    public TInner? this[uint index]
    {
        get => slots[checked((int)index)];
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, (uint)MaxEntries);
            slots[index] = value;
        }
    }
}
