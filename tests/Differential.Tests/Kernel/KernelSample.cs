using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Samples;
using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Kernel;

namespace TraitsBpf.Differential.Tests.Kernel;

/// <summary>
/// A sample's object (ours or its C twin's) freshly loaded into the kernel, with the sample's
/// setup applied, whose programs run under BPF_PROG_TEST_RUN.
/// </summary>
public sealed class KernelSample : IDisposable
{
    private readonly BpfObject bpf;
    private readonly IReadOnlyList<ClockField> clocks;

    private KernelSample(BpfObject bpf, IReadOnlyList<ClockField> clocks)
    {
        this.bpf = bpf;
        this.clocks = clocks;
    }

    /// <summary>
    /// Opens <paramref name="image"/>, sets the setup's constants and trait keys, loads it and fills its maps (a
    /// per-CPU map's value on the first CPU, zeros on the others) and program array slots.
    /// </summary>
    public static KernelSample Load(byte[] image, string name, SampleSetup setup)
    {
        var bpf = KernelObjects.Load(image, name, opened =>
        {
            foreach (var (constant, value) in setup.KernelConstants())
            {
                opened.SetConstant(constant, value);
            }
        });
        try
        {
            foreach (var entry in setup.MapEntries)
            {
                var map = bpf.Map(entry.Map);
                map.Update(entry.Key, map.IsPerCpu ? PerCpuValues.OnFirstCpu(entry.Value, map.ValueBufferSize) : entry.Value);
            }

            foreach (var slot in setup.TailCalls)
            {
                bpf.Map(slot.Map).Update(BitConverter.GetBytes(slot.Slot), BitConverter.GetBytes(bpf.Program(slot.Program).Fd));
            }

            return new KernelSample(bpf, setup.ClockFields);
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }

    /// <summary>The loaded object.</summary>
    public BpfObject Object => bpf;

    /// <summary>Runs <paramref name="program"/> once over <paramref name="packet"/>; a refused run is an outcome, not an exception.</summary>
    public RunOutcome Run(string program, byte[] packet)
    {
        try
        {
            var result = bpf.Program(program).TestRun(packet);
            return new RunOutcome(result.ReturnValue, result.DataOut);
        }
        catch (LoaderException e)
        {
            return RunOutcome.Failed($"BPF_PROG_TEST_RUN failed: {e.Message}");
        }
    }

    /// <summary>The maps named <paramref name="names"/> now; ring buffers are drained.</summary>
    public MapSnapshot Maps(IEnumerable<string> names) => KernelMaps.Snapshot(bpf, names, clocks);

    /// <inheritdoc/>
    public void Dispose() => bpf.Dispose();
}
