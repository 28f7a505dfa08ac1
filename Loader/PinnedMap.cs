using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Object;

namespace TraitsBpf.Loader;

/// <summary>A map opened from a pin on the BPF filesystem; owns its descriptor.</summary>
public sealed unsafe class PinnedMap : IBpfMap, IDisposable
{
    private readonly FileDescriptorHandle _fd;
    private readonly MapAccessor _access;

    private PinnedMap(FileDescriptorHandle fd, string path, string name, BpfMapInfo info)
    {
        _fd = fd;
        Path = path;
        Id = info.id;
        _access = new MapAccessor(name, (BpfMapType)info.type, (int)info.key_size, (int)info.value_size, (int)info.max_entries, () => _fd.Fd);
    }

    /// <summary>The pin's path.</summary>
    public string Path { get; }

    /// <summary>The kernel's map id.</summary>
    public uint Id { get; }

    /// <summary>The pin's file name (the kernel truncates map names to 15 characters; pins keep libbpf's full name).</summary>
    public string Name => _access.Name;

    /// <inheritdoc/>
    public BpfMapType Type => _access.Type;

    /// <inheritdoc/>
    public int KeySize => _access.KeySize;

    /// <inheritdoc/>
    public int ValueSize => _access.ValueSize;

    /// <inheritdoc/>
    public int MaxEntries => _access.MaxEntries;

    /// <inheritdoc/>
    public int Fd => _access.Fd;

    /// <inheritdoc/>
    public bool IsPerCpu => _access.IsPerCpu;

    /// <inheritdoc/>
    public int ValueBufferSize => _access.ValueBufferSize;

    /// <summary>Opens the map pinned at <paramref name="path"/>.</summary>
    /// <exception cref="LoaderException">The path is missing or pins something other than a map.</exception>
    public static PinnedMap Open(string path)
    {
        if (!File.Exists(path))
            throw new LoaderException(LoaderErrorKind.FileNotFound, $"file '{PinPaths.Shown(path)}' does not exist");
        var fd = PinnedDescriptor.OpenAs(path, BpfFdKind.Map, "the map");
        try
        {
            var info = ObjectInfo.Read(fd.Fd, new BpfMapInfo(), $"the map pinned at {PinPaths.Shown(path)}");
            return new PinnedMap(fd, PinPaths.Shown(path), System.IO.Path.GetFileName(path), info);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens one of traitsbpf's own host-wide maps (the trait registry, the backend record, the
    /// stash), refusing a pin of that name whose map has another shape: it is not ours to use.
    /// </summary>
    /// <param name="path">The pin.</param>
    /// <param name="type">The map type ours has.</param>
    /// <param name="keySize">Its key size.</param>
    /// <param name="valueSize">Its value size.</param>
    /// <param name="what">What the map is, for the sentence ("the trait registry").</param>
    /// <param name="remedy">What the user can do about a stranger's pin, appended to the sentence; null for nothing.</param>
    /// <exception cref="LoaderException">The pin is missing, not a map, or a map of another type or key or value size.</exception>
    internal static PinnedMap OpenOwn(string path, BpfMapType type, int keySize, int valueSize, string what, string? remedy = null)
    {
        var map = Open(path);
        if (map.Type == type && map.KeySize == keySize && map.ValueSize == valueSize)
            return map;

        map.Dispose();
        throw new LoaderException(LoaderErrorKind.Failed,
            $"{PinPaths.Shown(path)} is not {what} (a {map.Type} map with {map.KeySize}-byte keys and {map.ValueSize}-byte values){(remedy is null ? "" : "; " + remedy)}");
    }

    /// <inheritdoc/>
    public bool Lookup(ReadOnlySpan<byte> key, Span<byte> value) => _access.Lookup(key, value);

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MapUpdateFlags flags = MapUpdateFlags.Any) =>
        _access.Update(key, value, flags);

    /// <inheritdoc/>
    public bool Delete(ReadOnlySpan<byte> key) => _access.Delete(key);

    /// <inheritdoc/>
    public IEnumerable<byte[]> Keys() => _access.Keys();

    /// <inheritdoc/>
    public void Dispose() => _fd.Dispose();
}
