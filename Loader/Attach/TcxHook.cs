using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// TC ingress and egress through tcx links (Linux 6.6+), made with <c>BPF_LINK_CREATE</c>. libbpf 1.1 has no
/// <c>bpf_program__attach_tcx</c>, but its <c>bpf_link_create</c> passes the attach type and the target
/// through: the kernel reads <c>link_create.target_fd</c> as <c>target_ifindex</c> for tcx, as it does for XDP.
/// </summary>
internal static unsafe class TcxHook
{
    // enum bpf_attach_type (linux/bpf.h since 6.6); the system headers predate them.
    private const int AttachTypeTcxIngress = 46;
    private const int AttachTypeTcxEgress = 47;

    /// <summary>The kernel's attach type for a TC hook: BPF_TCX_INGRESS or BPF_TCX_EGRESS.</summary>
    public static int AttachType(AttachHook direction) => direction == AttachHook.TcIngress ? AttachTypeTcxIngress : AttachTypeTcxEgress;

    /// <summary>
    /// Adds <paramref name="programFd"/>'s program to the hook's tcx programs through a new link: last, or next to the
    /// program <paramref name="placement"/> names (resolved among the hook's programs); the returned descriptor holds
    /// the attachment until it is pinned or closed.
    /// </summary>
    public static FileDescriptorHandle AttachLink(int programFd, int ifindex, AttachHook direction, string iface, TcxPlacement? placement = null)
    {
        var action = $"attaching the tcx link to {iface} ({AttachTarget.NameOf(direction)})";
        int fd;
        if (placement is null)
        {
            // No BPF_F_BEFORE/BPF_F_AFTER: the program goes last, after whatever other tcx users attached.
            var opts = new BpfLinkCreateOpts { sz = (nuint)sizeof(BpfLinkCreateOpts) };
            fd = Native.bpf_link_create(programFd, ifindex, AttachType(direction), &opts);
        }
        else
        {
            var relative = Resolve(placement, ifindex, direction, iface);
            fd = CreateRelativeLink(programFd, ifindex, direction, placement.Before, relative);
            action += $" {placement.Before switch { true => "before", false => "after" }} program {relative}";
        }
        if (fd < 0)
            throw Failure(fd, action);
        return new FileDescriptorHandle(fd);
    }

    /// <summary>The programs on the hook, in the order they run (the kernel's BPF_PROG_QUERY), with their names.</summary>
    public static IReadOnlyList<HookProgram> Programs(int ifindex, AttachHook direction)
    {
        const int capacity = 64;
        var ids = stackalloc uint[capacity];
        uint count = capacity, attachFlags;
        var rc = Native.bpf_prog_query(ifindex, AttachType(direction), 0, &attachFlags, ids, &count);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"asking the kernel for the tcx programs of ifindex {ifindex} failed: {Errno.Describe(rc)}") { Errno = -rc };
        var programs = new List<HookProgram>();
        for (var i = 0; i < (int)Math.Min(count, capacity); i++)
        {
            using var program = KernelPrograms.Open(ids[i]);
            programs.Add(new HookProgram(ids[i], program is null ? "" : ProgramInfoReader.Read(program.Fd, $"program {ids[i]}").Name));
        }
        return programs;
    }

    // A program id as given, or the one program on the hook with that kernel name.
    private static uint Resolve(TcxPlacement placement, int ifindex, AttachHook direction, string iface)
    {
        var programs = Programs(ifindex, direction);
        var where = $"{iface} ({AttachTarget.NameOf(direction)})";
        if (uint.TryParse(placement.Reference, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            return programs.Any(p => p.Id == id) ? id
                : throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{placement}: program {id} is not on {where}; {Listing(programs)}");
        var named = programs.Where(p => p.Name == placement.Reference).ToList();
        return named.Count switch
        {
            1 => named[0].Id,
            0 => throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{placement}: no program named '{placement.Reference}' is on {where}, nor is a traitsbpf attachment of that name; {Listing(programs)}"),
            _ => throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{placement}: {named.Count} programs named '{placement.Reference}' are on {where} (ids {string.Join(", ", named.Select(p => p.Id))}); name one by id"),
        };
    }

    private static string Listing(IReadOnlyList<HookProgram> programs) =>
        programs.Count == 0 ? "it has no tcx programs" : "its programs are: " + string.Join(", ", programs.Select(p => $"'{p.Name}' id {p.Id}"));

    // libbpf 1.1's bpf_link_create refuses the tcx fields (relative_id, BPF_F_BEFORE/AFTER), so this is the bpf syscall itself.
    private static int CreateRelativeLink(int programFd, int ifindex, AttachHook direction, bool before, uint relativeId)
    {
        const int bpfLinkCreate = 28;
        const uint flagBefore = 1 << 3, flagAfter = 1 << 4, flagId = 1 << 5;
        var attr = new BpfLinkCreateTcxAttr
        {
            prog_fd = (uint)programFd,
            target_ifindex = (uint)ifindex,
            attach_type = (uint)AttachType(direction),
            flags = (before ? flagBefore : flagAfter) | flagId,
            relative_fd_or_id = relativeId,
        };
        var rc = LibC.syscall(BpfSyscallNumber, bpfLinkCreate, &attr, sizeof(BpfLinkCreateTcxAttr));
        return rc >= 0 ? (int)rc : -System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
    }

    private static long BpfSyscallNumber => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => 321,
        System.Runtime.InteropServices.Architecture.Arm64 => 280,
        var other => throw new LoaderException(LoaderErrorKind.Unsupported, $"--before/--after are not implemented on {other}"),
    };

    private static LoaderException Failure(int rc, string action) => -rc switch
    {
        Errno.EPERM or Errno.EACCES => new LoaderException(LoaderErrorKind.PermissionDenied, $"{action} was refused: it needs CAP_NET_ADMIN and CAP_BPF") { Errno = -rc },
        Errno.ENODEV => new LoaderException(LoaderErrorKind.InterfaceNotFound, $"{action} failed: the interface disappeared") { Errno = -rc },
        Errno.EEXIST => new LoaderException(LoaderErrorKind.AlreadyAttached, $"{action} failed: this program is attached there already") { Errno = -rc },
        Errno.ENOENT => new LoaderException(LoaderErrorKind.InvalidArgument, $"{action} failed: that program left the hook meanwhile") { Errno = -rc },
        _ => new LoaderException(LoaderErrorKind.Failed, $"{action} failed: {Errno.Describe(rc)}") { Errno = -rc },
    };
}
