using System.Reflection;
using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>A kernel socket struct a test gave a <see cref="SocketTable"/> entry: where its copy is and which view it is.</summary>
internal readonly record struct KernelSocket(nint Address, Type View)
{
    /// <summary>
    /// Whether <paramref name="view"/> is <paramref name="start"/> or begins with it, through the struct each kernel
    /// struct embeds first (a <see cref="Tcp6Sock"/> begins with a <see cref="TcpSock"/>, which begins with ... a
    /// <see cref="SockCommon"/>), as the kernel's casts rely on.
    /// </summary>
    public static bool BeginsWith(Type view, Type start)
    {
        for (var type = view; type is not null; type = FirstField(type))
        {
            if (type == start)
            {
                return true;
            }
        }

        return false;
    }

    private static Type? FirstField(Type type) => type.IsPrimitive
        ? null
        : type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .FirstOrDefault(f => Marshal.OffsetOf(type, f.Name) == 0)?.FieldType;
}
