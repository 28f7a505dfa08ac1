using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Attaches a loaded tracing program where its ELF section says (libbpf's names: <c>tp_btf/X</c>,
/// <c>raw_tp/X</c>, <c>fentry/X</c>, <c>fexit/X</c>, <c>kprobe/X</c>, <c>kretprobe/X</c>) through a bpf_link,
/// made from the program's descriptor alone: BTF-typed programs with BPF_RAW_TRACEPOINT_OPEN (the kernel takes
/// the target from the program's attach BTF id), kprobes with a kprobe perf event and a BPF_PERF_EVENT link.
/// </summary>
internal static unsafe class TracingHook
{
    private const long PerfEventOpenSyscall = 298; // x86-64
    private const ulong PerfEventIocEnable = 0x2400; // _IO('$', 0)
    private const ulong PerfFlagFdCloexec = 8;
    private const int AttachTypePerfEvent = 41; // BPF_PERF_EVENT
    private const string KprobePmu = "/sys/bus/event_source/devices/kprobe";

    /// <summary>The section prefixes this hook attaches, as libbpf names them.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["tp_btf/", "raw_tp/", "fentry/", "fexit/", "kprobe/", "kretprobe/"];

    /// <summary>Whether <paramref name="section"/> is a tracing program's section this hook attaches.</summary>
    public static bool Attaches(string section) => Prefixes.Any(p => section.StartsWith(p, StringComparison.Ordinal) && section.Length > p.Length);

    /// <summary>Attaches <paramref name="programFd"/> as <paramref name="section"/> says; the descriptor returned is the link.</summary>
    public static FileDescriptorHandle AttachLink(int programFd, string section)
    {
        var slash = section.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !Attaches(section))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"section '{section}' names no tracing hook traitsbpf attaches ({string.Join(", ", Prefixes.Select(p => p + "NAME"))})");
        var prefix = section[..slash];
        var target = section[(slash + 1)..];
        return prefix switch
        {
            "kprobe" => AttachKprobe(programFd, target, returnProbe: false),
            "kretprobe" => AttachKprobe(programFd, target, returnProbe: true),
            "raw_tp" => RawTracepointOpen(programFd, target, section),
            _ => RawTracepointOpen(programFd, null, section),
        };
    }

    private static FileDescriptorHandle RawTracepointOpen(int programFd, string? name, string section)
    {
        var fd = Native.bpf_raw_tracepoint_open(name, programFd);
        if (fd < 0)
            throw Failure(fd, $"attaching the {section} program");
        return new FileDescriptorHandle(fd);
    }

    private static FileDescriptorHandle AttachKprobe(int programFd, string function, bool returnProbe)
    {
        var what = $"{(returnProbe ? "kretprobe" : "kprobe")} on '{function}'";
        var attr = new PerfEventAttr
        {
            type = PmuType(),
            size = (uint)sizeof(PerfEventAttr),
            config = returnProbe ? 1UL << RetprobeBit() : 0,
        };
        var name = Encoding.UTF8.GetBytes(function + "\0");
        int perfFd;
        fixed (byte* namePointer = name)
        {
            attr.config1 = (ulong)namePointer;
            perfFd = LibC.syscall_perf_event_open(PerfEventOpenSyscall, &attr, -1, 0, -1, PerfFlagFdCloexec);
        }
        if (perfFd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno is Errno.ENOENT or Errno.EINVAL
                ? new LoaderException(LoaderErrorKind.InvalidArgument, $"the kernel cannot place a {what}: it has no such function, or the function cannot be probed") { Errno = errno }
                : Failure(-errno, $"creating the {what}");
        }
        using var perfEvent = new FileDescriptorHandle(perfFd);
        var opts = new BpfLinkCreateOpts { sz = (nuint)sizeof(BpfLinkCreateOpts) };
        var linkFd = Native.bpf_link_create(programFd, perfEvent.Fd, AttachTypePerfEvent, &opts);
        if (linkFd < 0)
            throw Failure(linkFd, $"linking the program to the {what}");
        var link = new FileDescriptorHandle(linkFd);
        // The link keeps the event; the event is enabled here as libbpf does, in case it was created disabled.
        if (LibC.ioctl(perfEvent.Fd, PerfEventIocEnable, 0) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            link.Dispose();
            throw Failure(-errno, $"enabling the {what}");
        }
        return link;
    }

    private static uint PmuType() => uint.Parse(ReadPmuFile("type"), CultureInfo.InvariantCulture);

    /// <summary>The config bit that makes a kprobe event a return probe: the PMU's format file says "config:N".</summary>
    private static int RetprobeBit()
    {
        var format = ReadPmuFile("format/retprobe");
        var colon = format.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && int.TryParse(format[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bit)
            ? bit
            : throw new LoaderException(LoaderErrorKind.Unsupported, $"{KprobePmu}/format/retprobe says '{format}', not 'config:N'");
    }

    private static string ReadPmuFile(string name)
    {
        var path = Path.Combine(KprobePmu, name);
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException e)
        {
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"this kernel cannot attach kprobes: it has no kprobe perf event source ({KprobePmu}), as when it is built without CONFIG_KPROBES; attach a tp_btf program instead") { Errno = e is FileNotFoundException or DirectoryNotFoundException ? Errno.ENOENT : 0 };
        }
    }

    private static LoaderException Failure(int rc, string action) => -rc switch
    {
        Errno.EPERM or Errno.EACCES => new LoaderException(LoaderErrorKind.PermissionDenied, $"{action} was refused: it needs CAP_BPF and CAP_PERFMON") { Errno = -rc },
        _ => new LoaderException(LoaderErrorKind.Failed, $"{action} failed: {Errno.Describe(rc)}") { Errno = -rc },
    };
}
