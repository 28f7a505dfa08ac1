using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// The libxdp 1.3 entry points used to share an XDP hook through libxdp's dispatcher, under their
/// exact C names (libxdp.h). libxdp (<c>libxdp.so.1</c>, Debian's libxdp1) is loaded only when an
/// interface already holds a dispatcher; nothing else in traitsbpf needs it. Functions returning a
/// pointer may return an error encoded in the pointer: <see cref="libxdp_get_error"/> decodes it.
/// </summary>
internal static unsafe partial class Libxdp
{
    private const string Library = "libxdp.so.1";

    /// <summary><c>enum xdp_attach_mode</c>: XDP_MODE_NATIVE.</summary>
    public const int ModeNative = 1;

    /// <summary><c>enum xdp_attach_mode</c>: XDP_MODE_SKB.</summary>
    public const int ModeSkb = 2;

    [LibraryImport(Library)]
    internal static partial nint libxdp_set_print(delegate* unmanaged<int, byte*, nint, int> fn);

    [LibraryImport(Library)]
    internal static partial nint libxdp_get_error(nint ptr);

    [LibraryImport(Library)]
    internal static partial nint xdp_program__from_fd(int fd);

    [LibraryImport(Library)]
    internal static partial void xdp_program__close(nint xdp_prog);

    [LibraryImport(Library)]
    internal static partial byte* xdp_program__name(nint xdp_prog);

    [LibraryImport(Library)]
    internal static partial uint xdp_program__id(nint xdp_prog);

    [LibraryImport(Library)]
    internal static partial uint xdp_program__run_prio(nint xdp_prog);

    [LibraryImport(Library)]
    internal static partial int xdp_program__attach(nint xdp_prog, int ifindex, int mode, uint flags);

    [LibraryImport(Library)]
    internal static partial int xdp_program__detach(nint xdp_prog, int ifindex, int mode, uint flags);

    [LibraryImport(Library)]
    internal static partial nint xdp_multiprog__get_from_ifindex(int ifindex);

    [LibraryImport(Library)]
    internal static partial nint xdp_multiprog__next_prog(nint prog, nint mp);

    [LibraryImport(Library)]
    internal static partial nint xdp_multiprog__main_prog(nint mp);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool xdp_multiprog__is_legacy(nint mp);

    [LibraryImport(Library)]
    internal static partial int xdp_multiprog__attach_mode(nint mp);

    [LibraryImport(Library)]
    internal static partial void xdp_multiprog__close(nint mp);
}
