using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// One zero-initialized value in native memory (or one per CPU, side by side, for per-CPU maps),
/// so that a <c>T*</c> handed to managed program code stays valid like a pointer into a kernel
/// map value. Freed with its map.
/// </summary>
internal sealed unsafe class NativeValue<T> : IDisposable
    where T : unmanaged
{
    public NativeValue(int copies = 1) => Pointer = (T*)NativeMemory.AllocZeroed((nuint)(sizeof(T) * copies));

    ~NativeValue() => Free();

    public T* Pointer { get; private set; }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (Pointer != null)
        {
            NativeMemory.Free(Pointer);
            Pointer = null;
        }
    }
}
