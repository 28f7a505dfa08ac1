using TraitsBpf.Object;

namespace TraitsBpf.Loader;

/// <summary>The kernel's rules for programs in CPU and device map slots.</summary>
internal static class XdpMapSlots
{
    /// <summary>BPF_XDP_DEVMAP in <c>enum bpf_attach_type</c>.</summary>
    private const int XdpDevMapAttach = 33;

    /// <summary>BPF_XDP_CPUMAP in <c>enum bpf_attach_type</c>.</summary>
    private const int XdpCpuMapAttach = 35;

    public static XdpMapSlot Of(int expectedAttachType) => expectedAttachType switch
    {
        XdpDevMapAttach => XdpMapSlot.DevMap,
        XdpCpuMapAttach => XdpMapSlot.CpuMap,
        _ => XdpMapSlot.None,
    };

    /// <summary>The slot programs a map of <paramref name="type"/> takes, or <see cref="XdpMapSlot.None"/> when its slots hold none.</summary>
    public static XdpMapSlot TakenBy(BpfMapType type) => type switch
    {
        BpfMapType.CpuMap => XdpMapSlot.CpuMap,
        BpfMapType.DevMap or BpfMapType.DevMapHash => XdpMapSlot.DevMap,
        _ => XdpMapSlot.None,
    };

    /// <summary>Why <paramref name="program"/> cannot be attached to an interface, or null when it can.</summary>
    public static string? AttachRefusal(BpfProgram program) => program.MapSlot == XdpMapSlot.None ? null
        : $"program '{program.Name}' is an {SectionOf(program.MapSlot)} program: the kernel runs it from a {(program.MapSlot == XdpMapSlot.CpuMap ? "CPU map" : "device map")} slot a packet is redirected to, never on an interface; put it in a slot (BpfMap.UpdateSlot, traitsbpf load --slot) and attach the program that redirects";

    /// <summary>Why the kernel will not test-run <paramref name="program"/> (BPF_PROG_TEST_RUN answers EINVAL), or null when it will.</summary>
    public static string? TestRunRefusal(BpfProgram program) => program.MapSlot == XdpMapSlot.None ? null
        : $"program '{program.Name}' is an {SectionOf(program.MapSlot)} program, which the kernel does not test-run (BPF_PROG_TEST_RUN answers EINVAL); send packets through the program that redirects to its slot, or run it managed with ManagedExecution.Deliver";

    public static string SectionOf(XdpMapSlot slot) => slot == XdpMapSlot.CpuMap ? "xdp/cpumap" : "xdp/devmap";

    /// <summary>Puts an AF_XDP socket's descriptor in an XskMap slot.</summary>
    public static void Update(IBpfMap map, uint key, AfXdp.AfXdpSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (map.Type != BpfMapType.XskMap)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"map '{map.Name}' is a {map.Type} map; only AF_XDP socket maps (XskMap) have slots for a socket");
        map.Update(BitConverter.GetBytes(key), BitConverter.GetBytes(socket.Fd));
    }

    /// <summary>Writes a slot's value: the target, then, in an 8-byte value, the program's descriptor (0 for none).</summary>
    public static void Update(IBpfMap map, uint key, uint target, BpfProgram? program)
    {
        var takes = TakenBy(map.Type);
        if (takes == XdpMapSlot.None)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"map '{map.Name}' is a {map.Type} map; only CPU maps, device maps and device hash maps have slots for a target and a program");
        if (program is not null && map.ValueSize < 2 * sizeof(uint))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"map '{map.Name}' has {map.ValueSize}-byte values (declared without 'programs: true'), with no room for program '{program.Name}'");
        if (program is not null && program.MapSlot != takes)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"program '{program.Name}' (section '{program.SectionName}') is not an {SectionOf(takes)} program, the only kind the kernel takes in the slots of {map.Type} map '{map.Name}'");
        var value = new byte[map.ValueSize];
        BitConverter.TryWriteBytes(value, target);
        if (program is not null)
            BitConverter.TryWriteBytes(value.AsSpan(sizeof(uint)), program.Fd);
        map.Update(BitConverter.GetBytes(key), value);
    }
}
