using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Vectors;
using TraitsBpf.Traits.Tests.Vectors;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.Kernel;

/// <summary>
/// Every shared vector in the kernel: <see cref="TraitStore"/> compiled by our compiler, loaded
/// through the verifier and run step by step with BPF_PROG_TEST_RUN, once over the XDP metadata
/// area (the meta backend's home, rooms up to 216 bytes) and once over packet data (any room,
/// so the 256-byte cap is exercised too). Results, values and store bytes must match the vector.
/// </summary>
public sealed class KernelVectorTests(VectorProgramsFixture fixture, ITestOutputHelper output) : IClassFixture<VectorProgramsFixture>
{
    /// <summary>The packet room for vectors whose room exceeds it: still over the 256-byte cap.</summary>
    private const int MaxPacketRoom = 320;

    public static TheoryData<string> Vectors => new(TraitVectorFile.All.Select(v => v.Name));

    /// <summary>The vectors a metadata area can hold: all but those whose store outgrows 216 bytes.</summary>
    public static TheoryData<string> MetaVectors()
    {
        var data = new TheoryData<string>();
        foreach (var vector in TraitVectorFile.All.Where(v => MetaRoom(v) is not null))
        {
            data.Add(vector.Name);
        }

        return data;
    }

    [Fact]
    public void OnlyStoresLargerThanTheMetadataAreaRunOverPacketDataAlone()
    {
        var packetOnly = TraitVectorFile.All.Where(v => MetaRoom(v) is null).Select(v => v.Name);
        Assert.Equal(["cap-256"], packetOnly);
    }

    [Theory]
    [MemberData(nameof(MetaVectors))]
    public void InTheMetadataArea(string name)
    {
        var vector = TraitVectorFile.Named(name);
        int room = MetaRoom(vector)!.Value;
        var program = fixture.InMetadata(room);
        var store = new byte[room];
        foreach (var step in vector.Steps)
        {
            var result = program.TestRun(Packet(step, store));
            Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
            Assert.Equal(room + VectorPacket.Store + room, result.DataOut.Length);
            store = result.DataOut[..room];
            var fields = result.DataOut.AsSpan(room);
            StepCheck.Verify(vector, step, BitConverter.ToInt32(fields[VectorPacket.Result..]), fields[VectorPacket.ValueOut..], store);
        }

        output.WriteLine($"{name}: {vector.Steps.Count} steps in a {room}-byte metadata area");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void InPacketData(string name)
    {
        var vector = TraitVectorFile.Named(name);
        int room = Math.Min(vector.Room, MaxPacketRoom);
        var store = new byte[room];
        foreach (var step in vector.Steps)
        {
            var result = fixture.InPacket.TestRun(Packet(step, store));
            Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
            Assert.Equal(VectorPacket.Store + room, result.DataOut.Length);
            store = result.DataOut[VectorPacket.Store..];
            var fields = result.DataOut.AsSpan();
            StepCheck.Verify(vector, step, BitConverter.ToInt32(fields[VectorPacket.Result..]), fields[VectorPacket.ValueOut..], store);
        }

        output.WriteLine($"{name}: {vector.Steps.Count} steps in {room} bytes of packet data");
    }

    /// <summary>
    /// The metadata room that behaves like the vector's room: the room itself when the test run's
    /// headroom allows it, else the largest area, which is the same as long as no store in the
    /// vector outgrows it; null when one does.
    /// </summary>
    private static int? MetaRoom(TraitVector vector)
    {
        int room = Math.Min(vector.Room, VectorPrograms.MaxMetaRoom) & ~3;
        return room == vector.Room || vector.Steps.All(s => s.Store.Length <= room) ? room : null;
    }

    /// <summary>The packet for one step: its header, then the store as the previous step left it.</summary>
    private static byte[] Packet(TraitStep step, byte[] store)
    {
        var packet = new byte[VectorPacket.Store + store.Length];
        packet[VectorPacket.Operation] = step.Operation switch
        {
            TraitOperation.Get => 0,
            TraitOperation.Set => 1,
            _ => 2,
        };
        packet[VectorPacket.Size] = (byte)(step.Operation == TraitOperation.Get ? step.BufferSize : step.Value.Length);
        BitConverter.TryWriteBytes(packet.AsSpan(VectorPacket.Key), step.Key);
        BitConverter.TryWriteBytes(packet.AsSpan(VectorPacket.Flags), step.Flags);
        var value = packet.AsSpan(VectorPacket.Value, 16);
        if (step.Operation == TraitOperation.Get)
        {
            value.Fill(StepCheck.BufferFill);
        }
        else
        {
            step.Value.AsSpan(0, Math.Min(16, step.Value.Length)).CopyTo(value);
        }

        store.CopyTo(packet, VectorPacket.Store);
        return packet;
    }
}
