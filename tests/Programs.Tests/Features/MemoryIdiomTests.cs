using System.Buffers.Binary;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the memory idiom and bit operation programs once.</summary>
public sealed class MemoryIdiomFixture : IDisposable
{
    public MemoryIdiomFixture() => Programs = new CompiledAssembly(
        typeof(MemoryIdiomPrograms).Assembly.Location, "feat_block_copies", "feat_block_moves", "feat_unsafe_access", "feat_bit_operations");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// Block copies, moves and fills, Unsafe's loads and stores, and BitOperations compiled for
/// the kernel leave the same bytes in the packet as the same C# run as managed code, on random
/// packets and on the values at the edges of each operation.
/// </summary>
public sealed class MemoryIdiomTests(MemoryIdiomFixture fixture) : IClassFixture<MemoryIdiomFixture>
{
    public static TheoryData<string> MemoryPrograms => ["feat_block_copies", "feat_block_moves", "feat_unsafe_access"];

    [Theory]
    [MemberData(nameof(MemoryPrograms))]
    public void MemoryIdiomsAgreeWithManagedExecutionOnRandomPackets(string program)
    {
        var random = new Random(program.Length * 31);
        for (int n = 0; n < 200; n++)
        {
            var packet = new byte[random.Next(MemoryIdiomPrograms.MinimumLength, 256)];
            random.NextBytes(packet);
            var run = SampleRunner.Xdp(fixture.Programs, program, Managed(program), packet);
            Assert.Equal((uint)XdpAction.Tx, run.Action);
        }
    }

    [Fact]
    public void ACopyThroughTheStackPutsEachByteWhereManagedCodeDoes()
    {
        var packet = Enumerable.Range(0, MemoryIdiomPrograms.MinimumLength).Select(i => (byte)i).ToArray();
        var run = SampleRunner.Xdp(fixture.Programs, "feat_block_copies", MemoryIdiomPrograms.BlockCopies, packet);

        // The 17-byte case last copies packet[12..29) to 100 + 12 + 17.
        Assert.Equal(packet[12..29], run.Output[129..146]);
    }

    [Fact]
    public void OverlappingMovesKeepTheSourceBytes()
    {
        var packet = Enumerable.Range(0, MemoryIdiomPrograms.MinimumLength).Select(i => (byte)i).ToArray();
        var run = SampleRunner.Xdp(fixture.Programs, "feat_block_moves", MemoryIdiomPrograms.BlockMoves, packet);

        // memmove, not a forward byte loop: packet[1..14) lands at 4 intact.
        Assert.Equal(packet[1..14], run.Output[4..17]);
        Assert.Equal(packet[25..36], run.Output[20..31]);
    }

    [Theory]
    [InlineData(0u, 0ul, 0)]
    [InlineData(1u, 1ul, 1)]
    [InlineData(0x80000000u, 0x8000000000000000ul, 31)]
    [InlineData(0xFFFFFFFFu, 0xFFFFFFFFFFFFFFFFul, 32)]
    [InlineData(0x00010000u, 0x0000000100000000ul, -1)]
    [InlineData(0x7FFFFFFFu, 0x7FFFFFFFFFFFFFFFul, 63)]
    [InlineData(0x12345678u, 0x0123456789ABCDEFul, 64)]
    [InlineData(0x00000100u, 0x0000000000010000ul, int.MinValue)]
    public void BitOperationsAgreeWithManagedExecutionAtTheirEdges(uint x, ulong y, int count)
    {
        var packet = new byte[MemoryIdiomPrograms.MinimumLength];
        BinaryPrimitives.WriteUInt32LittleEndian(packet, x);
        BinaryPrimitives.WriteUInt64LittleEndian(packet.AsSpan(8), y);
        BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(16), count);
        var run = SampleRunner.Xdp(fixture.Programs, "feat_bit_operations", MemoryIdiomPrograms.BitOperationsProgram, packet);

        // C#'s definitions at 0: all bits are trailing and leading zeros, and Log2(0) is 0.
        int Result(int index) => BinaryPrimitives.ReadInt32LittleEndian(run.Output.AsSpan(100 + 4 * index));
        if (x == 0)
        {
            Assert.Equal((32, 32, 32, 0), (Result(0), Result(2), Result(3), Result(5)));
        }

        if (y == 0)
        {
            Assert.Equal((64, 64, 0), (Result(1), Result(4), Result(6)));
        }
    }

    [Fact]
    public void BitOperationsAgreeWithManagedExecutionOnRandomPackets()
    {
        var random = new Random(1968);
        for (int n = 0; n < 200; n++)
        {
            var packet = new byte[random.Next(MemoryIdiomPrograms.MinimumLength, 256)];
            random.NextBytes(packet);

            // Sparse values too, so the counts are not always near 0.
            packet[random.Next(4)] = 0;
            packet[8 + random.Next(8)] = 0;
            SampleRunner.Xdp(fixture.Programs, "feat_bit_operations", MemoryIdiomPrograms.BitOperationsProgram, packet);
        }
    }

    private static Func<XdpContext, XdpAction> Managed(string program) => program switch
    {
        "feat_block_copies" => MemoryIdiomPrograms.BlockCopies,
        "feat_block_moves" => MemoryIdiomPrograms.BlockMoves,
        _ => MemoryIdiomPrograms.UnsafeAccess,
    };
}
