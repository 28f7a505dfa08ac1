using System.Globalization;
using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Kernel;

/// <summary>Interface names and indexes (in the calling thread's network namespace, see <see cref="NetworkNamespaces"/>).</summary>
public static unsafe class NetworkInterfaces
{
    private const int NameSize = 16;

    /// <summary>The index of <paramref name="name"/>; throws <see cref="LoaderErrorKind.InterfaceNotFound"/> when it does not exist.</summary>
    public static int IndexOf(string name)
    {
        if (TryIndexOf(name) is { } index)
            return index;
        var resolved = ResolveLoosely(name);
        if (resolved is not null && NameOf(resolved.Value) is { } real)
            throw new LoaderException(LoaderErrorKind.InterfaceNotFound,
                $"network interface '{name}' is an alias of '{real}'; name the interface itself ('{real}'), since a program attaches to the device, not to an alias");
        throw new LoaderException(LoaderErrorKind.InterfaceNotFound, $"network interface '{name}' does not exist in this network namespace");
    }

    /// <summary>
    /// The index of the interface named exactly <paramref name="name"/>, or null when there is none.
    /// The kernel resolves an alias such as "eth0:1" to its device, so the answer is checked
    /// against the device's own name: a record must never hold a name the kernel does not.
    /// </summary>
    public static int? TryIndexOf(string name)
    {
        var index = ResolveLoosely(name);
        return index is not null && NameOf(index.Value) == name ? index : null;
    }

    private static int? ResolveLoosely(string name)
    {
        if (name.Length == 0 || name.Length >= NameSize || name.Contains('/', StringComparison.Ordinal))
            return null;
        var index = LibC.if_nametoindex(name);
        return index == 0 ? null : (int)index;
    }

    /// <summary>The current name of interface <paramref name="index"/>, or null when it is gone.</summary>
    public static string? NameOf(int index)
    {
        var buffer = stackalloc byte[NameSize];
        return LibC.if_indextoname((uint)index, buffer) is null ? null : Marshal.PtrToStringUTF8((nint)buffer);
    }
}
