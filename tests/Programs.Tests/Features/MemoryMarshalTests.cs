using System.Buffers.Binary;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// <c>MemoryMarshal</c> over spans compiled for the kernel leaves the same bytes in the packet
/// and returns the same action as the same C# run as managed code.
/// </summary>
public sealed class MemoryMarshalTests
{
    [Fact]
    public void MemoryMarshalAgreesWithManagedExecutionOnRandomPackets()
    {
        using var compiled = new CompiledAssembly(typeof(MemoryMarshalPrograms).Assembly.Location, "feat_memory_marshal");
        var actions = SampleRunner.XdpOnRandomPackets(compiled, "feat_memory_marshal", MemoryMarshalPrograms.Marshal, 20261204, 200, MemoryMarshalPrograms.MinimumLength - 8, 200);

        Assert.Equal(3, actions.Count);
    }

    [Fact]
    public void ReadsAndWritesPutTheBytesWhereManagedCodeDoes()
    {
        using var compiled = new CompiledAssembly(typeof(MemoryMarshalPrograms).Assembly.Location, "feat_memory_marshal");
        var packet = Enumerable.Range(0, MemoryMarshalPrograms.MinimumLength).Select(i => (byte)i).ToArray();
        var run = SampleRunner.Xdp(compiled, "feat_memory_marshal", MemoryMarshalPrograms.Marshal, packet);

        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(packet.AsSpan(1)) + 1, BinaryPrimitives.ReadUInt32LittleEndian(run.Output.AsSpan(41)));
        Assert.Equal(6, run.Output[61]);
        Assert.Equal(8, run.Output[63]);
    }
}
