using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_HASH_OF_MAPS: up to <c>maxEntries</c> keys, each holding a map shaped like
/// <see cref="Template"/>. A program looks a key up and uses the map it holds with that map's own methods;
/// only user space adds and removes entries, as the kernel lets programs only look up a map of maps.
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type, compared by its bytes.</typeparam>
/// <typeparam name="TInner">The inner map's SDK type, e.g. <c>ArrayMap&lt;uint&gt;</c>.</typeparam>
public sealed class HashOfMaps<TKey, TInner>
    where TKey : unmanaged
    where TInner : class
{
    private readonly Dictionary<KeyBytes, TInner> entries = [];

    /// <summary>Declares the map.</summary>
    /// <param name="maxEntries">The most entries the map holds.</param>
    /// <param name="template">
    /// The shape every inner map has (type, key, value, flags; the size too for array maps): the verifier types
    /// a lookup in an inner map by it, and the kernel refuses to store a map of another shape.
    /// </param>
    /// <param name="flags">map_flags of the outer map.</param>
    public HashOfMaps(int maxEntries, TInner template, MapFlags flags = MapFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentNullException.ThrowIfNull(template);
        MaxEntries = maxEntries;
        Template = template;
        Flags = flags;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>The inner map template (managed only: in the kernel it exists only as the outer map's inner-map shape).</summary>
    public TInner Template { get; }

    /// <summary>Number of entries (managed only).</summary>
    public int Count => entries.Count;

    /// <summary>The map stored under <paramref name="key"/>, or null (bpf_map_lookup_elem).</summary>
    [BpfHelper(BpfHelper.MapLookupElem)]
    public TInner? Lookup(in TKey key) => entries.GetValueOrDefault(KeyBytes.Of(key));

    /// <summary>
    /// Stores <paramref name="map"/> under <paramref name="key"/> as user space's bpf_map_update_elem does with the
    /// inner map's descriptor (managed only: programs cannot): 0, or -E2BIG when full, -EEXIST or -ENOENT per <paramref name="flags"/>.
    /// </summary>
    public int Update(in TKey key, TInner map, MapUpdate flags = MapUpdate.Any)
    {
        ArgumentNullException.ThrowIfNull(map);
        var bytes = KeyBytes.Of(key);
        bool present = entries.ContainsKey(bytes);
        switch (flags)
        {
            case > MapUpdate.Exist:
                return -Errno.EINVAL;
            case MapUpdate.NoExist when present:
                return -Errno.EEXIST;
            case MapUpdate.Exist when !present:
                return -Errno.ENOENT;
        }

        if (!present && entries.Count == MaxEntries)
        {
            return -Errno.E2BIG;
        }

        entries[bytes] = map;
        return 0;
    }

    /// <summary>Removes the entry as user space's bpf_map_delete_elem does (managed only): 0, or -ENOENT when absent.</summary>
    public int Delete(in TKey key) => entries.Remove(KeyBytes.Of(key)) ? 0 : -Errno.ENOENT;
}
