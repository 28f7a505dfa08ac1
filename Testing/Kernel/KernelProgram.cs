using TraitsBpf.Loader;

namespace TraitsBpf.Testing.Kernel;

/// <summary>
/// One program of a BPF object, loaded into this machine's kernel through the verifier, to run
/// with BPF_PROG_TEST_RUN. Disposing it unloads the object.
/// </summary>
public sealed class KernelProgram : IDisposable
{
    private readonly BpfObject bpf;
    private readonly BpfProgram program;

    private KernelProgram(BpfObject bpf, BpfProgram program)
    {
        this.bpf = bpf;
        this.program = program;
    }

    /// <summary>The program's name (its [Xdp]/[Tc]/[SocketFilter] name).</summary>
    public string Name => program.Name;

    /// <summary>
    /// Loads the object at <paramref name="objectPath"/> (every program in it, as libbpf does)
    /// and picks <paramref name="programName"/>. An object that does not load is closed again.
    /// </summary>
    /// <exception cref="LoaderException">The object is missing or malformed, has no such program, or the verifier rejects it.</exception>
    public static KernelProgram Load(string objectPath, string programName)
    {
        var bpf = BpfObject.Open(objectPath);
        try
        {
            bpf.Load();
            return new KernelProgram(bpf, bpf.Program(programName));
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }

    /// <summary>Runs the program once over <paramref name="packet"/>: its return value and the packet as it left.</summary>
    public KernelRun Run(ReadOnlySpan<byte> packet)
    {
        var result = program.TestRun(packet);
        return new KernelRun(result.ReturnValue, result.DataOut);
    }

    /// <inheritdoc/>
    public void Dispose() => bpf.Dispose();
}
