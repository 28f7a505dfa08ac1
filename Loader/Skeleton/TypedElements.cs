using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>The bytes of a typed key or value, and the size check every typed map makes once.</summary>
internal static class TypedElements
{
    public static void Check<T>(IBpfMap map, string what, int size)
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != size)
            throw new ArgumentException(
                $"map '{map.Name}' has {what} of {size} bytes, but {typeof(T).FullName} is {Unsafe.SizeOf<T>()} bytes; the type must be the program's own", nameof(map));
    }

    public static Span<byte> Bytes<T>(ref T value)
        where T : unmanaged => MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1));
}
