using System.Buffers.Binary;
using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Traits;
using TraitsBpf.TestSupport.Kernel;
using TraitsBpf.Traits.Tests.Infrastructure;
using TraitsBpf.Traits.Tests.LoaderSide;

namespace TraitsBpf.Traits.Tests.Kernel;

/// <summary>
/// The stash backend's map under BPF_PROG_TEST_RUN, in a pin root of the test's own: a full stash
/// refuses new entries, counts each refusal and never touches another packet's entry; and a stash
/// program's results are the ones managed execution gives.
/// </summary>
public sealed class StashMapTests : IDisposable
{
    private static readonly byte[] s_image = BpfCompiler.Compile(typeof(StashPrograms).Assembly.Location,
        new CompilerOptions { Traits = TraitsBackend.Stash, Programs = ["stash_mark_even", "stash_roundtrip"] }).Object;

    private readonly ScratchPinRoot root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void AFullStashRefusesCountsAndKeepsEveryOtherEntry()
    {
        var layout = new PinLayout(root.Path);
        var stash = new HostTraitStash(layout, null);
        using var bpf = BpfObject.OpenMemory(s_image, "stash_full");
        using (stash.Share(bpf))
        {
            bpf.Load();
        }

        // Every entry taken by another (fake) packet, each holding its own key as its bytes.
        using var map = PinnedMap.Open(Path.Combine(root.Path, TraitStashFormat.PinName));
        for (ulong key = 1; key <= TraitStashFormat.Capacity; key++)
        {
            map.Update(Key(key), Entry(key), MapUpdateFlags.NoExist);
        }

        var program = bpf.Program("stash_mark_even");
        for (int run = 0; run < 3; run++)
        {
            Assert.Equal(0u, program.TestRun(NumberedPacket(2 * (uint)run)).ReturnValue);
        }

        var full = stash.State()!;
        Assert.Equal(TraitStashFormat.Capacity, full.Entries);
        Assert.Equal(3UL, full.Refused);
        var value = new byte[TraitStashFormat.EntrySize];
        for (ulong key = 1; key <= TraitStashFormat.Capacity; key++)
        {
            Assert.True(map.Lookup(Key(key), value));
            Assert.Equal(Entry(key), value);
        }

        // One entry freed: the next packet gets it, and nothing more is refused.
        Assert.True(map.Delete(Key(1)));
        Assert.Equal(0u, program.TestRun(NumberedPacket(8)).ReturnValue);
        var after = stash.State()!;
        Assert.Equal(TraitStashFormat.Capacity, after.Entries);
        Assert.Equal(3UL, after.Refused);
    }

    /// <summary>
    /// What <c>traitsbpf traits</c> prints of a stash the reaper empties and packets fill while it counts: a walk of a hash
    /// map starts over when the key it continues from was deleted, and counting on used to report more entries than the
    /// map holds (30,799 of 16,384 under a GRO flood).
    /// </summary>
    [Fact]
    public async Task TheEntriesCountedWhileTheStashChurnsNeverExceedWhatItHolds()
    {
        var stash = new HostTraitStash(new PinLayout(root.Path), null);
        using var bpf = BpfObject.OpenMemory(s_image, "stash_count");
        using (stash.Share(bpf))
        {
            bpf.Load();
        }

        using var map = PinnedMap.Open(Path.Combine(root.Path, TraitStashFormat.PinName));
        var value = new byte[TraitStashFormat.EntrySize];
        for (ulong key = 1; key <= TraitStashFormat.Capacity; key++)
        {
            map.Update(Key(key), value, MapUpdateFlags.NoExist);
        }

        using var done = new CancellationTokenSource();
        var churn = Task.Run(() =>
        {
            // Each pass deletes a key and puts it back, as the reaper and the next packet do.
            for (ulong key = 1; !done.IsCancellationRequested; key = key % TraitStashFormat.Capacity + 1)
            {
                map.Delete(Key(key));
                map.Update(Key(key), value, MapUpdateFlags.Any);
            }
        });
        try
        {
            for (int i = 0; i < 5; i++)
            {
                var state = stash.State()!;
                Assert.InRange(state.Entries, 1, TraitStashFormat.Capacity);
            }
        }
        finally
        {
            await done.CancelAsync();
            await churn;
        }
    }

    [Fact]
    public void AStashProgramReturnsWhatManagedExecutionReturns()
    {
        var packet = NumberedPacket(4);
        using var managed = TcContext.ForPacket(packet);
        int expected = (int)StashPrograms.RoundTrip(managed);
        Assert.Equal(127, expected);

        using var bpf = BpfObject.OpenMemory(s_image, "stash_roundtrip");
        using (new HostTraitStash(new PinLayout(root.Path), null).Share(bpf))
        {
            bpf.Load();
        }

        Assert.Equal((uint)expected, bpf.Program("stash_roundtrip").TestRun(packet).ReturnValue);
    }

    private static byte[] Key(ulong key) => BitConverter.GetBytes(key);

    private static byte[] Entry(ulong key)
    {
        var value = new byte[TraitStashFormat.EntrySize];
        for (int offset = 0; offset + 8 <= value.Length; offset += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(offset), key);
        }

        return value;
    }

    /// <summary>An IPv4 UDP datagram to <see cref="StashPrograms.Port"/> whose payload starts with <paramref name="sequence"/>.</summary>
    private static byte[] NumberedPacket(uint sequence)
    {
        var packet = new byte[14 + 20 + 8 + 8];
        packet[12] = 0x08;
        packet[14] = 0x45;
        packet[14 + 9] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14 + 2), (ushort)(packet.Length - 14));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14 + 20 + 2), StashPrograms.Port);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(14 + 20 + 8), sequence);
        return packet;
    }
}
