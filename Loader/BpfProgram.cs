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
    /// Loads this program as an extension (<c>BPF_PROG_TYPE_EXT</c>) of function <paramref name="function"/> of the
    /// loaded program <paramref name="targetFd"/>, whose descriptor must stay open until the object is loaded, with
    /// libxdp's run config at <paramref name="priority"/> in its BTF.
    /// </summary>
    internal void ExtendSlot(int targetFd, string function, uint priority) => _owner.SetExtensionTarget(Index, targetFd, function, priority);

    /// <inheritdoc/>
    public TestRunResult TestRun(ReadOnlySpan<byte> packet, int repeat = 1) =>
        ProgramTestRunner.Run(Fd, Name, Type, packet, default, withContext: false, repeat);

    /// <inheritdoc/>
    public TestRunResult TestRun(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> contextIn, int repeat = 1) =>
        ProgramTestRunner.Run(Fd, Name, Type, packet, contextIn, withContext: true, repeat);

    /// <inheritdoc/>
    public BpfProgramInfo Info() => ProgramInfoReader.Read(Fd, $"program '{Name}'");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({SectionName}, {Type})";
}
