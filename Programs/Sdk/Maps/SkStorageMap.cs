using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_SK_STORAGE: one <typeparamref name="TValue"/> per socket, kept by the kernel with the socket and
/// freed with it; a program reaches it through a socket a lookup returned (TC). The kernel requires an int key in
/// BTF, no max_entries and BPF_F_NO_PREALLOC, which the compiler declares. Managed: a value per
/// <see cref="SocketTable"/> socket, zero-filled when created.
/// </summary>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed unsafe class SkStorageMap<TValue> : IDisposable
    where TValue : unmanaged
{
    private readonly Dictionary<nint, NativeValue<TValue>> values = [];

    /// <summary>
    /// The value of <paramref name="socket"/> (bpf_sk_storage_get), or, with <see cref="SkStorageFlags.Create"/>
    /// and none yet, a new one copied from <paramref name="initial"/> (zeros when null); null when there is none and
    /// none was made. The socket must not be null.
    /// </summary>
    [BpfHelper(BpfHelper.SkStorageGet)]
    public TValue* Get(BpfSocket* socket, TValue* initial = null, SkStorageFlags flags = SkStorageFlags.None)
    {
        if (values.TryGetValue((nint)socket, out var value))
        {
            return value.Pointer;
        }

        if ((flags & SkStorageFlags.Create) == 0)
        {
            return null;
        }

        value = new NativeValue<TValue>();
        if (initial != null)
        {
            *value.Pointer = *initial;
        }

        values[(nint)socket] = value;
        return value.Pointer;
    }

    /// <summary>Removes the value of <paramref name="socket"/> (bpf_sk_storage_delete): 0, or -ENOENT when it has none.</summary>
    [BpfHelper(BpfHelper.SkStorageDelete)]
    public int Delete(BpfSocket* socket)
    {
        if (!values.Remove((nint)socket, out var value))
        {
            return -Errno.ENOENT;
        }

        value.Dispose();
        return 0;
    }

    /// <summary>Removes every socket's value (managed execution only).</summary>
    public void Clear()
    {
        foreach (var value in values.Values)
        {
            value.Dispose();
        }

        values.Clear();
    }

    /// <summary>Frees every value.</summary>
    public void Dispose() => Clear();
}
