using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf load</c>: load an object's program, attach it to an interface and pin it.</summary>
[Verb("load", HelpText = "Load a program, attach it to an interface (XDP or TC), a cgroup (socket-address and skb hooks) or, for a tracing program, to its kernel function or tracepoint, and pin it so it outlives the command.")]
public sealed class LoadOptions : VerbOptions
{
    /// <summary>The object to load.</summary>
    [Value(0, MetaName = "object", Required = true, HelpText = "The BPF ELF object (.o) or .NET assembly to load.")]
    public string Object { get; set; } = "";

    /// <summary>The interface to attach to; without it the program is a tracing program, attached where its section says.</summary>
    [Option('i', "iface", HelpText = "The network interface to attach to (XDP, TC). Without it: a tracing program (tp_btf, raw_tp, kprobe, kretprobe, fentry, fexit), attached where its section says.")]
    public string Interface { get; set; } = "";

    /// <summary>The cgroup v2 directory a socket-address or skb program attaches to, at the hook its section names.</summary>
    [Option("cgroup", HelpText = "Attach a cgroup socket-address program (cgroup/sendmsg4, cgroup/connect6, ...) or cgroup skb program (cgroup_skb/ingress, cgroup_skb/egress) to this cgroup v2 directory, at the hook its section names.")]
    public string? Cgroup { get; set; }

    /// <summary>The program to attach; needed when the object has several that fit the hook.</summary>
    [Option('p', "program", HelpText = "The program to attach (default: the object's only program that fits the hook).")]
    public string? Program { get; set; }

    /// <summary>XDP mode; XDP is the default hook.</summary>
    [Option("xdp-mode", HelpText = "XDP mode: native (in the driver; the default) or generic (skb).")]
    public XdpMode? XdpMode { get; set; }

    /// <summary>The run priority in libxdp's XDP dispatcher, when another tool's dispatcher holds the hook.</summary>
    [Option("priority", HelpText = "When another tool holds the XDP hook through libxdp's dispatcher (xdp-loader), join it at this run priority: lower runs first (default: libxdp's 50).")]
    public int? Priority { get; set; }

    /// <summary>Attach at TC ingress or egress (a tcx link, or a clsact filter on kernels without tcx) instead of XDP.</summary>
    [Option("tc", HelpText = "Attach at TC ingress or egress (a tcx link, or a clsact filter on kernels without tcx) instead of XDP.")]
    public TcDirection? Tc { get; set; }

    /// <summary>With --tc on a tcx kernel: run just before this program.</summary>
    [Option("before", HelpText = "With --tc (tcx links): run just before this program on the hook: a program id, a traitsbpf attachment name, or a program's kernel name.")]
    public string? Before { get; set; }

    /// <summary>With --tc on a tcx kernel: run just after this program.</summary>
    [Option("after", HelpText = "With --tc (tcx links): run just after this program on the hook: a program id, a traitsbpf attachment name, or a program's kernel name.")]
    public string? After { get; set; }

    /// <summary>.rodata variables to set before load.</summary>
    [Option("set", HelpText = "Set a .rodata variable before load: NAME=VALUE (repeatable; integers, 0x-hex or true/false).")]
    public IEnumerable<string> Set { get; set; } = [];

    /// <summary>CPU and device map slots to fill after load.</summary>
    [Option("slot", HelpText = "Fill a CpuMap, DevMap or DevMapHash slot after load, before attaching: MAP[KEY]=TARGET or MAP[KEY]=TARGET,PROGRAM (repeatable; TARGET a CPU's queue size or an interface index; PROGRAM an xdp/cpumap or xdp/devmap program of the object, loaded with it, to run on the packets redirected there).")]
    public IEnumerable<string> Slot { get; set; } = [];

    /// <summary>Where the object's <c>[Pinned]</c> maps (<c>pinning = LIBBPF_PIN_BY_NAME</c>) are pinned and shared; null is libbpf's /sys/fs/bpf.</summary>
    [Option("pin-root", SetName = "pin-root", HelpText = "Directory on bpffs where maps declared [Pinned] (C: pinning = LIBBPF_PIN_BY_NAME) are pinned by name and reused by later loads (default: libbpf's /sys/fs/bpf). These pins are yours: detach leaves them.")]
    public string? PinRoot { get; set; }

    /// <summary>The earlier spelling of <see cref="PinRoot"/>, still taken.</summary>
    [Option("map-pin-root", SetName = "map-pin-root", HelpText = "The same as --pin-root (its earlier name).")]
    public string? MapPinRoot { get; set; }

    /// <summary>Swap the program of an existing attachment of the same name atomically.</summary>
    [Option("replace", HelpText = "Atomically replace the program of the existing traitsbpf attachment of this name.")]
    public bool Replace { get; set; }

    /// <summary>The traits backend a C# assembly is compiled for.</summary>
    [Option("traits", HelpText = "Traits backend for a .NET assembly: kfunc, meta, stash or auto (default: kfunc when the running kernel has the trait kfuncs, meta otherwise).")]
    public TraitsChoice Traits { get; set; } = TraitsChoice.Auto;

    /// <summary>The attachment's name.</summary>
    [Option('n', "name", HelpText = "Name of the attachment and its pin directory (default: IFACE-xdp, IFACE-tc-ingress or IFACE-tc-egress; PROGRAM-cgroup with --cgroup; PROGRAM-trace for a tracing program).")]
    public string? Name { get; set; }
}
