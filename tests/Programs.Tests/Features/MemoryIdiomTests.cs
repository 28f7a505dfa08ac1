using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the memory idiom programs once.</summary>
public sealed class MemoryIdiomFixture : IDisposable
{
    public MemoryIdiomFixture() => Programs = new CompiledAssembly(
        typeof(MemoryIdiomPrograms).Assembly.Location, "feat_block_copies", "feat_block_moves", "feat_unsafe_access");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// Block copies, moves and fills and Unsafe's loads and stores compiled for the kernel leave
/// the same bytes in the packet as the same C# run as managed code, on random packets and on
/// packets whose bytes are their offsets.
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

    private static Func<XdpContext, XdpAction> Managed(string program) => program switch
    {
        "feat_block_copies" => MemoryIdiomPrograms.BlockCopies,
        "feat_block_moves" => MemoryIdiomPrograms.BlockMoves,
        _ => MemoryIdiomPrograms.UnsafeAccess,
    };
}
