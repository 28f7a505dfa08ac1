using TraitsBpf.Object;

namespace TraitsBpf.Loader;

/// <summary>A map of a <see cref="BpfObject"/>. Its descriptor exists once the object is loaded and lives as long as the object.</summary>
public sealed class BpfMap : IBpfMap
{
    private readonly BpfObject _owner;
    private readonly MapAccessor _access;

    internal BpfMap(BpfObject owner, int index, string name, BpfMapType type, int keySize, int valueSize, int maxEntries, bool isInternal)
    {
        _owner = owner;
        Index = index;
        IsInternal = isInternal;
        _access = new MapAccessor(name, type, keySize, valueSize, maxEntries, () => _owner.MapFd(Index, name));
    }

    /// <inheritdoc/>
    public string Name => _access.Name;

    /// <inheritdoc/>
    public BpfMapType Type => _access.Type;

    /// <inheritdoc/>
    public int KeySize => _access.KeySize;

    /// <inheritdoc/>
    public int ValueSize => _access.ValueSize;

    /// <inheritdoc/>
    public int MaxEntries => _access.MaxEntries;

    /// <summary>True for the maps libbpf creates for global data sections (.data, .bss, .rodata, .kconfig).</summary>
    public bool IsInternal { get; }

    /// <inheritdoc/>
    public int Fd => _access.Fd;

    /// <inheritdoc/>
    public bool IsPerCpu => _access.IsPerCpu;

    /// <inheritdoc/>
    public int ValueBufferSize => _access.ValueBufferSize;

    /// <summary>
    /// Where libbpf pins this map, or found it pinned and reused it: <c>&lt;map pin root&gt;/&lt;name&gt;</c> for a
    /// map declared with <c>pinning = LIBBPF_PIN_BY_NAME</c> (C# <c>[Pinned]</c>), see <see cref="BpfObject.MapPinRoot"/>;
    /// null for other maps. The pin is the user's: nothing in TraitsBpf removes it.
    /// </summary>
    public string? PinPath => _owner.MapPinPath(Index);

    internal int Index { get; }

    /// <inheritdoc/>
    public bool Lookup(ReadOnlySpan<byte> key, Span<byte> value) => _access.Lookup(key, value);

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MapUpdateFlags flags = MapUpdateFlags.Any) =>
        _access.Update(key, value, flags);

    /// <summary>
    /// Puts <paramref name="target"/> (a CPU's queue size, an interface index) in slot <paramref name="key"/> of a CPU
    /// map, device map or device hash map, with <paramref name="program"/>, a loaded <c>xdp/cpumap</c> or
    /// <c>xdp/devmap</c> program of this object, to run on every packet redirected there: its descriptor goes in the value
    /// (C's <c>struct bpf_cpumap_val</c> / <c>struct bpf_devmap_val</c>), which the map must have been declared with
    /// (<c>programs: true</c>). Without a program the slot holds none.
    /// </summary>
    /// <exception cref="LoaderException">The map has no such slots, no room for a program, the program is not of the kind
    /// its slots take, or the kernel refused (EINVAL for a program it does not take, ENODEV for a CPU or interface that does not exist).</exception>
    public void UpdateSlot(uint key, uint target, BpfProgram? program = null) => XdpMapSlots.Update(this, key, target, program);

    /// <summary>
    /// Puts <paramref name="socket"/> in slot <paramref name="key"/> of an AF_XDP socket map (<c>XskMap</c>): its descriptor is
    /// the value, and the kernel keeps a reference to the socket, not the descriptor. A program's redirect to the slot reaches
    /// the socket only for frames that arrive on the socket's interface and queue; closing the socket empties the slot.
    /// </summary>
    /// <exception cref="LoaderException">The map is not an XskMap, or the kernel refused (ENOENT for a slot past its entries).</exception>
    public void UpdateSlot(uint key, AfXdp.AfXdpSocket socket) => XdpMapSlots.Update(this, key, socket);

    /// <inheritdoc/>
    public bool Delete(ReadOnlySpan<byte> key) => _access.Delete(key);

    /// <inheritdoc/>
    public IEnumerable<byte[]> Keys() => _access.Keys();

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Type}, key {KeySize} B, value {ValueSize} B, {MaxEntries} entries)";
}
