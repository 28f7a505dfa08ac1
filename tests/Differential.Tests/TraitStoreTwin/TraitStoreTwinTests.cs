using Xunit.Abstractions;

namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>
/// The C twins' trait store (Programs/Samples/c/trait_store.h, compiled by clang) is the C#
/// <see cref="TraitStore"/>: it passes every shared vector, and on thousands of random
/// steps over valid, foreign and junk stores it returns what the C# returns, as .NET code and
/// compiled by us, and leaves every byte of the room as the C# leaves it.
/// </summary>
public sealed class TraitStoreTwinTests(StoreStepSidesFixture fixture, ITestOutputHelper output) : IClassFixture<StoreStepSidesFixture>
{
    private const int StepsPerPlace = 4000;

    /// <summary>Rooms in packet data reach past the 256-byte cap.</summary>
    private const int MaxPacketRoom = 320;

    [Fact]
    public void TheCStorePassesEverySharedVector()
    {
        var sides = fixture.Sides;
        int steps = 0;
        int inMetadata = 0;
        foreach (var vector in SharedVectors.All)
        {
            int packetRoom = Math.Min(vector.Room, MaxPacketRoom);
            int metaRoom = Math.Min(vector.Room, StoreStepSides.MaxMetaRoom) & ~3;
            bool fitsMetadata = metaRoom == vector.Room || vector.Steps.All(s => s.Store.Length <= metaRoom);
            var packetStore = new byte[packetRoom];
            var metaStore = new byte[metaRoom];
            foreach (var expected in vector.Steps)
            {
                string where = $"vector {vector.Name}, line {expected.Line} ({expected.Step})";
                packetStore = Check(where + ", in packet data", expected, StoreStepSides.InPacket(sides.Twin, expected.Step, packetStore));
                if (fitsMetadata)
                {
                    metaStore = Check(where + ", in the metadata area", expected, StoreStepSides.InMetadata(sides.Twin, expected.Step, metaStore));
                    inMetadata++;
                }

                steps++;
            }
        }

        output.WriteLine($"{SharedVectors.All.Count} vectors, {steps} steps in packet data, {inMetadata} in the metadata area");
        Assert.True(steps > 100, $"only {steps} steps");
    }

    [Fact]
    public void InPacketDataTheThreeStoresAgreeOnRandomSteps()
    {
        var generator = new RandomStoreSteps(0x7A17);
        var report = Compare(StepsPerPlace, () => generator.Room(generator.NextRoomLength(MaxPacketRoom, 1)), generator, StoreStepSides.InPacket);
        output.WriteLine(report);
    }

    [Fact]
    public void InTheMetadataAreaTheThreeStoresAgreeOnRandomSteps()
    {
        var generator = new RandomStoreSteps(0x3E7A);
        var report = Compare(StepsPerPlace, () => generator.Room(generator.NextRoomLength(StoreStepSides.MaxMetaRoom, 4)), generator, StoreStepSides.InMetadata);
        output.WriteLine(report);
    }

    private string Compare(int count, Func<byte[]> nextRoom, RandomStoreSteps generator, Func<Loader.BpfObject, StoreStep, byte[], StepOutcome> kernel)
    {
        var sides = fixture.Sides;
        var results = new Dictionary<int, int>();
        int changed = 0;
        for (int i = 0; i < count; i++)
        {
            var room = nextRoom();
            var step = generator.Step(room);
            var expected = StoreStepSides.Managed(step, room);
            foreach (var (name, bpf) in new[] { ("ours", sides.Ours), ("C twin", sides.Twin) })
            {
                var actual = kernel(bpf, step, room);
                Assert.True(
                    expected.SameAs(actual),
                    $"step #{i}: {step} over the {room.Length}-byte room {Convert.ToHexString(room)}{Environment.NewLine}" +
                    $"managed: {expected}{Environment.NewLine}{name}: {actual}");
            }

            results[expected.Result] = results.GetValueOrDefault(expected.Result) + 1;
            changed += expected.Room.AsSpan().SequenceEqual(room) ? 0 : 1;
        }

        // The corpus must reach every outcome, or it tests less than it seems to.
        foreach (int errno in new[] { 0, -Errno.EINVAL, -Errno.ENOENT, -Errno.ENOSPC, -Errno.EEXIST })
        {
            Assert.True(results.GetValueOrDefault(errno) >= 20, $"only {results.GetValueOrDefault(errno)} steps returned {errno}");
        }

        Assert.True(changed >= count / 10, $"only {changed} steps changed their room");
        return $"{count} steps, {changed} changed the room; results: {string.Join(", ", results.OrderBy(r => r.Key).Select(r => $"{r.Key}: {r.Value}"))}";
    }

    private static byte[] Check(string where, SharedVectorStep expected, StepOutcome actual)
    {
        Assert.True(expected.Result == actual.Result, $"{where}: returned {actual.Result}, the vector says {expected.Result}");
        if (expected.Step.Operation == 0)
        {
            int buffer = Math.Min((int)expected.Step.Size, 16);
            var value = Enumerable.Repeat(SharedVectors.BufferFill, buffer).ToArray();
            expected.Value.AsSpan(0, Math.Min(expected.Value.Length, buffer)).CopyTo(value);
            Assert.True(actual.ValueOut.AsSpan(0, buffer).SequenceEqual(value), $"{where}: the buffer holds {Convert.ToHexString(actual.ValueOut)}, the vector says {Convert.ToHexString(value)}");
        }

        int compared = Math.Min(expected.Store.Length, actual.Room.Length);
        Assert.True(
            actual.Room.AsSpan(0, compared).SequenceEqual(expected.Store.AsSpan(0, compared)),
            $"{where}: the store is {Convert.ToHexString(actual.Room.AsSpan(0, compared))}, the vector says {Convert.ToHexString(expected.Store.AsSpan(0, compared))}");
        return actual.Room;
    }
}
