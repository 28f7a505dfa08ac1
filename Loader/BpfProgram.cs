using System.Net.Sockets;
using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Loader;

/// <summary>A program of a <see cref="BpfObject"/>. Its descriptor exists once the object is loaded and lives as long as the object.</summary>
public sealed class BpfProgram : IBpfProgram
{
    private readonly BpfObject _owner;

    internal BpfProgram(BpfObject owner, int index, string name, string sectionName, BpfProgramType type)
    {
        _owner = owner;
        Index = index;
        Name = name;
        SectionName = sectionName;
        Type = type;
    }

    /// <summary>The program's name: its function's symbol name in the object.</summary>
    public string Name { get; }

    /// <summary>The ELF section the program lives in (<c>xdp</c>, <c>tc</c>, <c>socket</c>, …).</summary>
    public string SectionName { get; }

    /// <summary>The program type libbpf derived from the section name.</summary>
    public BpfProgramType Type { get; }

    /// <summary>
    /// For an XDP program that runs from a map slot (section <c>xdp/cpumap</c> or <c>xdp/devmap</c>, expected attach
    /// type BPF_XDP_CPUMAP or BPF_XDP_DEVMAP): the map type whose slots take it; <see cref="XdpMapSlot.None"/> otherwise.
    /// Such a program is put in a slot (<see cref="BpfMap.UpdateSlot(uint, uint, BpfProgram?)"/>), never attached to an interface.
    /// </summary>
    public XdpMapSlot MapSlot { get; init; }

    /// <summary>
    /// Whether <see cref="BpfObject.Load"/> loads this program (true by default). Turn it off for
    /// the programs of a multi-program object you do not need, before loading.
    /// </summary>
    public bool Autoload
    {
        get => _owner.GetAutoload(Index);
        set => _owner.SetAutoload(Index, value);
    }

    /// <summary>The program's descriptor; throws when the object is not loaded or this program was not.</summary>
    public int Fd => _owner.ProgramFd(Index, Name);

    internal int Index { get; }

    /// <summary>
    /// True once <see cref="ExtendSlot"/> made this XDP program an extension (freplace) of a slot of libxdp's
    /// dispatcher, so that it joins the dispatcher instead of holding the XDP hook itself.
    /// </summary>
    internal bool JoinsDispatcher => _owner.IsExtension(Index);

    /// <summary>
    /// Binds the program, before load, to the interface with index <paramref name="ifindex"/>
    /// (prog_ifindex with BPF_F_XDP_DEV_BOUND_ONLY), as an XDP program that calls the receive-metadata
    /// kfuncs must be: the kernel then resolves them to that device's driver, and the program
    /// attaches only there, in native mode, and cannot be test-run.
    /// </summary>
    /// <exception cref="InvalidOperationException">The object is already loaded.</exception>
    public void BindToDevice(int ifindex) => _owner.BindToDevice(Index, ifindex);

    /// <summary>
    /// Loads this program as an extension (<c>BPF_PROG_TYPE_EXT</c>) of function <paramref name="function"/> of the
    /// loaded program <paramref name="targetFd"/>, whose descriptor must stay open until the object is loaded, with
    /// libxdp's run config at <paramref name="priority"/> in its BTF.
    /// </summary>
    internal void ExtendSlot(int targetFd, string function, uint priority) => _owner.SetExtensionTarget(Index, targetFd, function, priority);

    /// <inheritdoc/>
    public TestRunResult TestRun(ReadOnlySpan<byte> packet, int repeat = 1) => TestRun(packet, default, withContext: false, repeat);

    /// <inheritdoc/>
    public TestRunResult TestRun(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> contextIn, int repeat = 1) => TestRun(packet, contextIn, withContext: true, repeat);

    private TestRunResult TestRun(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> contextIn, bool withContext, int repeat)
    {
        if (XdpMapSlots.TestRunRefusal(this) is { } refusal)
            throw new LoaderException(LoaderErrorKind.Unsupported, refusal);
        return ProgramTestRunner.Run(Fd, Name, Type, packet, contextIn, withContext, repeat);
    }

    /// <summary>
    /// Attaches this XDP program to <paramref name="iface"/> (in the calling thread's network namespace) through an
    /// XDP link this process owns; see <see cref="ProgramAttachment"/>. Fails, changing nothing, when the hook holds
    /// another program.
    /// </summary>
    /// <exception cref="LoaderException">The interface does not exist, the hook is taken, the kernel has no XDP links, or the kernel refused.</exception>
    public ProgramAttachment AttachXdp(string iface, XdpMode mode = XdpMode.Native) => ProcessAttach.Xdp(this, iface, mode);

    /// <summary>
    /// Attaches this TC program at <paramref name="direction"/> (<see cref="AttachHook.TcIngress"/> or
    /// <see cref="AttachHook.TcEgress"/>) of <paramref name="iface"/> through a tcx link this process owns, after the
    /// hook's other tcx programs; see <see cref="ProgramAttachment"/>.
    /// </summary>
    /// <exception cref="LoaderException">The interface does not exist, the kernel has no tcx links, or the kernel refused.</exception>
    public ProgramAttachment AttachTc(string iface, AttachHook direction) => ProcessAttach.Tc(this, iface, direction);

    /// <summary>Attaches this socket filter program to <paramref name="socket"/> (<c>SO_ATTACH_BPF</c>); it stays until detached or the socket closes.</summary>
    /// <exception cref="LoaderException">The kernel refused.</exception>
    public ProgramAttachment AttachSocketFilter(Socket socket) => ProcessAttach.SocketFilter(this, socket);

    /// <summary>
    /// Attaches this tracing program where its section says (<c>tp_btf/</c>, <c>raw_tp/</c>, <c>fentry/</c>,
    /// <c>fexit/</c>, <c>kprobe/</c>, <c>kretprobe/</c>) through a link this process owns. The kernel cannot detach a
    /// tracing link; <see cref="ProgramAttachment.Detach"/> closes it, and the kernel ends it once every descriptor is gone.
    /// </summary>
    /// <exception cref="LoaderException">The section names no tracing hook, or the kernel refused.</exception>
    public ProgramAttachment AttachTracing() => ProcessAttach.Tracing(this);

    /// <inheritdoc/>
    public BpfProgramInfo Info() => ProgramInfoReader.Read(Fd, $"program '{Name}'");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({SectionName}, {Type})";
}
