using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// libxdp's multi-program XDP dispatcher, through libxdp itself (<c>libxdp.so.1</c>) so that traitsbpf follows
/// its protocol exactly as xdp-loader does: the dispatcher is an XDP program whose slot functions the member
/// programs replace (freplace); a change builds a new dispatcher with the new set of members and swaps it in
/// atomically, under libxdp's lock, with the members' programs and links pinned under <c>/sys/fs/bpf/xdp/</c>.
/// </summary>
internal static unsafe class XdpDispatcher
{
    /// <summary>The name libxdp gives its dispatcher program.</summary>
    public const string ProgramName = "xdp_dispatcher";

    /// <summary>libxdp's run priority for a program that states none.</summary>
    public const uint DefaultPriority = 50;

    /// <summary>The slot function of every dispatcher that a member program is loaded against; libxdp re-links it to its own slot.</summary>
    public const string SlotFunction = "prog0";

    /// <summary>The dispatcher on <paramref name="ifindex"/> and its programs, or null when the hook holds none (empty, or a single program).</summary>
    public static XdpDispatcherState? Find(int ifindex) => WithDispatcher(ifindex, mp =>
    {
        var programs = new List<HookProgram>();
        for (var p = Libxdp.xdp_multiprog__next_prog(0, mp); p != 0; p = Libxdp.xdp_multiprog__next_prog(p, mp))
            programs.Add(new HookProgram(Libxdp.xdp_program__id(p), Marshal.PtrToStringUTF8((nint)Libxdp.xdp_program__name(p)) ?? "",
                Libxdp.xdp_program__run_prio(p)));
        var mode = Libxdp.xdp_multiprog__attach_mode(mp) == Libxdp.ModeSkb ? XdpMode.Generic : XdpMode.Native;
        return new XdpDispatcherState(Libxdp.xdp_program__id(Libxdp.xdp_multiprog__main_prog(mp)), mode, programs);
    });

    /// <summary>
    /// Adds <paramref name="programFd"/> (an extension loaded against a dispatcher's slot, with its run priority in its
    /// BTF: see <see cref="XdpRunConfig"/>) to the dispatcher on <paramref name="ifindex"/>; the other members keep
    /// running throughout.
    /// </summary>
    public static void Join(int programFd, int ifindex, XdpMode mode, string iface)
    {
        LibbpfLog.EnsureInstalledForLibxdp();
        var prog = Libxdp.xdp_program__from_fd(programFd);
        var error = (int)Libxdp.libxdp_get_error(prog);
        if (prog == 0 || error != 0)
            throw Failure($"handing the program to libxdp for {iface}'s dispatcher", error != 0 ? error : -Errno.EINVAL);
        try
        {
            LibbpfLog.ResetLastWarning();
            var rc = Libxdp.xdp_program__attach(prog, ifindex, ModeOf(mode), 0);
            if (rc < 0)
                throw Failure($"joining libxdp's XDP dispatcher on {iface}", rc);
        }
        finally
        {
            Libxdp.xdp_program__close(prog);
        }
    }

    /// <summary>
    /// Takes program <paramref name="programId"/> out of the dispatcher on <paramref name="ifindex"/>, leaving the other
    /// members running (libxdp removes the dispatcher with its last member); false when the program is not in it.
    /// </summary>
    public static bool Leave(uint programId, int ifindex, string iface) => WithDispatcher(ifindex, mp =>
    {
        for (var p = Libxdp.xdp_multiprog__next_prog(0, mp); p != 0; p = Libxdp.xdp_multiprog__next_prog(p, mp))
        {
            if (Libxdp.xdp_program__id(p) != programId)
                continue;
            LibbpfLog.ResetLastWarning();
            var rc = Libxdp.xdp_program__detach(p, ifindex, Libxdp.xdp_multiprog__attach_mode(mp), 0);
            return rc < 0 ? throw Failure($"taking program {programId} out of libxdp's XDP dispatcher on {iface}", rc) : true;
        }
        return false;
    });

    private static int ModeOf(XdpMode mode) => mode == XdpMode.Native ? Libxdp.ModeNative : Libxdp.ModeSkb;

    // libxdp's view of the hook, closed afterwards; default when the hook holds no dispatcher.
    private static T? WithDispatcher<T>(int ifindex, Func<nint, T> use)
    {
        LibbpfLog.EnsureInstalledForLibxdp();
        var mp = Libxdp.xdp_multiprog__get_from_ifindex(ifindex);
        if (mp == 0 || Libxdp.libxdp_get_error(mp) != 0)
            return default;
        try
        {
            return Libxdp.xdp_multiprog__is_legacy(mp) ? default : use(mp);
        }
        finally
        {
            Libxdp.xdp_multiprog__close(mp);
        }
    }

    // libxdp says why only through its log: its last warning, with the errno.
    private static LoaderException Failure(string action, int rc)
    {
        var why = LibbpfLog.LastWarning is { } warning ? $"{warning.TrimEnd('.')} ({Errno.Describe(rc)})" : Errno.Describe(rc);
        return new LoaderException(-rc is Errno.EPERM or Errno.EACCES ? LoaderErrorKind.PermissionDenied : LoaderErrorKind.Failed, $"{action} failed: {why}") { Errno = Math.Abs(rc) };
    }
}
