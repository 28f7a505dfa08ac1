using System.Runtime.CompilerServices;

namespace TraitsBpf;

/// <summary>The stored size of trait value types: 0 for <see cref="TraitFlag"/>, else the type's size, which must be 2, 4, 8 or 16.</summary>
internal static class TraitValueSize
{
    /// <summary>The stored size of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not 2, 4, 8 or 16 bytes (nor <see cref="TraitFlag"/>).</exception>
    public static int Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(TraitFlag))
        {
            return 0;
        }

        int size = Unsafe.SizeOf<T>();
        if (size is not (2 or 4 or 8 or 16))
        {
            throw new ArgumentException(
                $"A trait value of type '{typeof(T).FullName}' is {size} bytes; trait values are TraitFlag (0 bytes) or 2, 4, 8 or 16 bytes.");
        }

        return size;
    }
}
