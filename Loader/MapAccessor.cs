using TraitsBpf.Loader.Interop;
using TraitsBpf.Object;

namespace TraitsBpf.Loader;

/// <summary>The element operations shared by object maps and pinned maps, over a descriptor and the map's geometry.</summary>
internal sealed unsafe class MapAccessor
{
    private readonly Func<int> _fd;

    public MapAccessor(string name, BpfMapType type, int keySize, int valueSize, int maxEntries, Func<int> fd)
    {
        Name = name;
        Type = type;
        KeySize = keySize;
        ValueSize = valueSize;
        MaxEntries = maxEntries;
        _fd = fd;
    }

    public string Name { get; }

    public BpfMapType Type { get; }

    public int KeySize { get; }

    public int ValueSize { get; }

    public int MaxEntries { get; }

    public int Fd => _fd();

    public bool IsPerCpu => Type is BpfMapType.PerCpuArray or BpfMapType.PerCpuHash or BpfMapType.LruPerCpuHash or BpfMapType.PerCpuCgroupStorage;

    public int ValueBufferSize => IsPerCpu ? (ValueSize + 7) / 8 * 8 * PossibleCpus.Count : ValueSize;

    public bool Lookup(ReadOnlySpan<byte> key, Span<byte> value)
    {
        CheckKey(key);
        if (value.Length < ValueBufferSize)
            throw new ArgumentException($"map '{Name}' needs a value buffer of {ValueBufferSize} bytes, got {value.Length}", nameof(value));
        int rc;
        fixed (byte* k = key)
        fixed (byte* v = value)
            rc = Native.bpf_map_lookup_elem(Fd, k, v);
        if (rc == -Errno.ENOENT)
            return false;
        ThrowOnError(rc, "looking up a key in");
        return true;
    }

    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MapUpdateFlags flags)
    {
        CheckKey(key);
        if (value.Length != ValueBufferSize)
            throw new ArgumentException($"map '{Name}' takes values of {ValueBufferSize} bytes, got {value.Length}", nameof(value));
        int rc;
        fixed (byte* k = key)
        fixed (byte* v = value)
            rc = Native.bpf_map_update_elem(Fd, k, v, (ulong)flags);
        ThrowOnError(rc, "updating");
    }

    public bool Delete(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        int rc;
        fixed (byte* k = key)
            rc = Native.bpf_map_delete_elem(Fd, k);
        if (rc == -Errno.ENOENT)
            return false;
        ThrowOnError(rc, "deleting a key from");
        return true;
    }

    public IEnumerable<byte[]> Keys()
    {
        byte[]? current = null;
        while (true)
        {
            var next = new byte[KeySize];
            var rc = NextKey(current, next);
            if (rc == -Errno.ENOENT)
                yield break;
            ThrowOnError(rc, "iterating the keys of");
            yield return next;
            current = next;
        }
    }

    // Iterators cannot hold pointers, so the native call lives here.
    private int NextKey(byte[]? current, byte[] next)
    {
        fixed (byte* c = current)
        fixed (byte* n = next)
            return Native.bpf_map_get_next_key(Fd, c, n);
    }

    private void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"map '{Name}' takes keys of {KeySize} bytes, got {key.Length}", nameof(key));
    }

    private void ThrowOnError(int rc, string operation)
    {
        if (rc >= 0)
            return;
        var kind = rc == -Errno.EPERM || rc == -Errno.EACCES ? LoaderErrorKind.PermissionDenied : LoaderErrorKind.Failed;
        throw new LoaderException(kind, $"{operation} map '{Name}' failed: {Errno.Describe(rc)}") { Errno = -rc };
    }
}
