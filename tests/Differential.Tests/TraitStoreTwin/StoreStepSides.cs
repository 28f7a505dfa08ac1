using System.Runtime.InteropServices;
using TraitsBpf.Compiler;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Kernel;

namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>
/// The three implementations of the trait store a step runs on: <see cref="TraitStore"/>
/// as .NET code, the same C# compiled by our compiler, and the C twins' trait_store.h compiled by
/// clang; the kernel ones over packet data (any room) or over the XDP metadata area.
/// </summary>
public sealed class StoreStepSides : IDisposable
{
    /// <summary>The largest metadata area BPF_PROG_TEST_RUN takes: its 256-byte headroom less the xdp_frame.</summary>
    public const int MaxMetaRoom = 216;

    /// <summary>The C programs' source, copied beside the tests.</summary>
    public static readonly string CSource = Path.Combine(AppContext.BaseDirectory, "TraitStoreTwin", "store_step.bpf.c");

    private const int XdpMdSize = 24;

    private readonly BpfObject ours;
    private readonly BpfObject twin;

    /// <summary>Compiles and loads both kernel objects.</summary>
    public StoreStepSides()
    {
        ours = KernelObjects.Load(BpfCompiler.Compile(typeof(StoreStepPrograms).Assembly.Location, new CompilerOptions { Programs = ["ts_packet", "ts_meta"] }).Object, "store_ours");
        try
        {
            twin = KernelObjects.Load(ClangTwins.Compile(CSource), "store_twin");
        }
        catch
        {
            ours.Dispose();
            throw;
        }
    }

    /// <summary>Our object, loaded.</summary>
    public BpfObject Ours => ours;

    /// <summary>The C object, loaded.</summary>
    public BpfObject Twin => twin;

    /// <summary>Runs <paramref name="step"/> with <see cref="TraitStore"/> over a copy of <paramref name="room"/>.</summary>
    public static unsafe StepOutcome Managed(StoreStep step, byte[] room)
    {
        var memory = new byte[room.Length + 1];
        room.CopyTo(memory, 0);
        var value = step.Value.ToArray();
        int result;
        fixed (byte* store = memory)
        fixed (byte* buffer = value)
        {
            byte* end = store + room.Length;
            result = step.Operation switch
            {
                0 => TraitStore.Get(store, end, step.Key, buffer, step.Size),
                1 => TraitStore.Set(store, end, step.Key, buffer, step.Size, step.Flags),
                _ => TraitStore.Delete(store, end, step.Key),
            };
        }

        return new StepOutcome(result, value, memory[..room.Length]);
    }

    /// <summary>Runs <paramref name="step"/> in the kernel with the store in the packet after the step's header.</summary>
    public static StepOutcome InPacket(BpfObject bpf, StoreStep step, byte[] room)
    {
        var result = bpf.Program("ts_packet").TestRun([.. step.Header(), .. room]);
        Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
        return Read(result.DataOut, 0, result.DataOut[StoreStep.StoreOffset..]);
    }

    /// <summary>Runs <paramref name="step"/> in the kernel with the store in the metadata area (a multiple of 4 bytes, at most <see cref="MaxMetaRoom"/>).</summary>
    public static StepOutcome InMetadata(BpfObject bpf, StoreStep step, byte[] room)
    {
        // xdp_md in: data (the metadata's length), data_end (the input's length), the rest zero.
        var context = new byte[XdpMdSize];
        MemoryMarshal.Write(context, room.Length);
        MemoryMarshal.Write(context.AsSpan(4), room.Length + StoreStep.StoreOffset);
        var result = bpf.Program("ts_meta").TestRun([.. room, .. step.Header()], context);
        Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
        return Read(result.DataOut, room.Length, result.DataOut[..room.Length]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        ours.Dispose();
        twin.Dispose();
    }

    private static StepOutcome Read(byte[] output, int header, byte[] room) =>
        new(BitConverter.ToInt32(output, header + StoreStep.ResultOffset), output[(header + StoreStep.ValueOutOffset)..(header + StoreStep.ValueOutOffset + 16)], room);
}
