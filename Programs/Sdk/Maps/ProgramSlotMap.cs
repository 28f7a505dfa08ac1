using System.Reflection;

namespace TraitsBpf;

/// <summary>
/// A redirect map whose slots may also hold a second XDP program (<see cref="CpuMap"/>, <see cref="DevMap"/>,
/// <see cref="DevMapHash"/>): declared with <c>programs: true</c>, its value is C's <c>struct bpf_cpumap_val</c> or
/// <c>struct bpf_devmap_val</c> (the 4-byte target, then the program's descriptor as user space writes it and its id as
/// it reads it back), 8 bytes; without, the 4-byte target alone.
/// </summary>
public abstract class ProgramSlotMap : RedirectTargetMap
{
    private readonly XdpAttach attach;

    private protected ProgramSlotMap(int maxEntries, bool keysAreIndexes, MapFlags flags, bool holdsPrograms, XdpAttach attach)
        : base(maxEntries, keysAreIndexes, flags)
    {
        HoldsPrograms = holdsPrograms;
        this.attach = attach;
    }

    /// <summary>Whether the slots may hold a program (the 8-byte value).</summary>
    public bool HoldsPrograms { get; }

    /// <summary>
    /// Puts a target and an XDP program in a slot, as user space does with the program's descriptor (managed only):
    /// a packet redirected there then meets <paramref name="program"/> (see <see cref="ManagedExecution.Deliver"/>).
    /// As the kernel, which answers EINVAL, it refuses a program not declared for this kind of map
    /// (<c>[Xdp(name, XdpAttach.CpuMap)]</c> or <c>XdpAttach.DevMap</c>), and a map declared without <c>programs: true</c>.
    /// </summary>
    public void Set(uint key, uint target, Func<XdpContext, XdpAction> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!HoldsPrograms)
        {
            throw new InvalidOperationException($"the map was declared without 'programs: true': its value is the 4-byte target, with no room for a program");
        }

        var declared = program.Method.GetCustomAttribute<XdpAttribute>()?.Attach;
        if (declared != attach)
        {
            throw new ArgumentException($"'{program.Method.Name}' is not declared [Xdp(name, XdpAttach.{attach})]; the kernel takes only a {attach} program in this map's slots", nameof(program));
        }

        Put(key, target, program);
    }

    /// <summary>
    /// Runs the program in slot <paramref name="key"/> on a packet redirected there, as the kernel does: a CPU map's
    /// on the slot's CPU, a device map's with the slot's interface as the egress interface. Null when the slot holds none.
    /// </summary>
    internal XdpAction? RunSlotProgram(uint key, XdpContext ctx)
    {
        if (Slot(key) is not ({ } target, { } program))
        {
            return null;
        }

        if (attach == XdpAttach.DevMap)
        {
            ctx.EgressIfindex = target;
            return ManagedExecution.Run(program, ctx);
        }

        int receivedOn = ManagedExecution.Cpu;
        ManagedExecution.Cpu = (int)key;
        try
        {
            return ManagedExecution.Run(program, ctx);
        }
        finally
        {
            ManagedExecution.Cpu = receivedOn;
        }
    }

    /// <summary>Whether the kernel drops a packet on which this map's slot program gave <paramref name="action"/>.</summary>
    internal bool Drops(XdpAction action) =>
        action != XdpAction.Pass && !(attach == XdpAttach.CpuMap && action == XdpAction.Redirect);
}
