using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Packets;
using TraitsBpf.Differential.Tests.Samples;
using TraitsBpf.Loader.Traits;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Differential.Tests;

/// <summary>
/// The harness compares trait programs for real: keys reach every side, the store in the
/// metadata area is compared byte for byte (clock values aside), and a side whose store differs
/// is caught.
/// </summary>
public sealed class TraitHarnessTests
{
    private const int PacketIdKey = 5;
    private const int ReceivedKey = 6;
    private const int ClassKey = 7;

    [Fact]
    public void EverySampleThatUsesTraitsHasAKeyForEachOfItsTraits()
    {
        int samples = 0;
        foreach (var program in SampleCatalog.All.DistinctBy(p => p.SampleClass))
        {
            var manifest = TraitManifest.Read(OurObjects.For(program));
            var setup = SampleSetups.For(program);
            if (manifest is null)
            {
                Assert.Empty(setup.TraitKeys);
                continue;
            }

            samples++;
            Assert.Equal(manifest.Traits.Select(t => t.Name).Order(StringComparer.Ordinal), setup.TraitKeys.Keys.Order(StringComparer.Ordinal));
            Assert.All(manifest.Traits, t => Assert.Equal(SampleSetup.TraitKeyVariable(t.Name), t.KeyVariable));
            Assert.All(setup.TraitKeys.Values, key => Assert.InRange(key, 0, 63));
            Assert.Equal(setup.TraitKeys.Count, setup.TraitKeys.Values.Distinct().Count());
            Assert.All(setup.ClockTraits, t => Assert.Contains(t, setup.TraitKeys.Keys));
        }

        Assert.True(samples >= 2, $"only {samples} samples use traits");
    }

    [Fact]
    public void BothKernelObjectsLeaveTheTaggersTraitsInTheMetadataArea()
    {
        var tagger = SampleCatalog.Find("tagger");
        var setup = SampleSetups.For(tagger);
        var udp = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000001, 0x0A000002).Udp(40000, 53, [1, 2, 3, 4]).Build().Bytes;
        foreach (var image in new[] { OurObjects.For(tagger), ClangTwins.ObjectFor("tagger") })
        {
            using var kernel = KernelSample.Load(image, "tagger", setup);
            var outcome = kernel.Run("tagger", udp);
            Assert.Null(outcome.Error);
            Assert.Equal(MetaTraitArea.Room + udp.Length, outcome.Output.Length);

            // Keys 5, 6, 7 hold 8, 8 and 4 bytes: size codes 4, 4 and 3 (plane0 bit 7; plane1 bit 7; plane2 bits 5, 6).
            // The seal, sealed for this area and packet, then the store.
            Assert.True(SealIsValid(outcome.Output), "the tagger's store is not sealed for its packet");
            Assert.Equal(1UL << ClassKey, BitConverter.ToUInt64(outcome.Output, 16));
            Assert.Equal(1UL << ClassKey, BitConverter.ToUInt64(outcome.Output, 24));
            Assert.Equal(1UL << PacketIdKey | 1UL << ReceivedKey, BitConverter.ToUInt64(outcome.Output, 32));
            Assert.Equal(1UL, BitConverter.ToUInt64(outcome.Output, 40));
            Assert.NotEqual(0UL, BitConverter.ToUInt64(outcome.Output, 48));
            Assert.Equal(9u, BitConverter.ToUInt32(outcome.Output, 56));
            Assert.All(outcome.Output[60..MetaTraitArea.Room], b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void AStoreThatDiffersIsCaughtWithThePacket()
    {
        var tagger = SampleCatalog.Find("tagger");
        var setup = SampleSetups.For(tagger);
        var managedMaps = new ManagedMaps(tagger.SampleClass, setup.ClockFields);
        managedMaps.Clear();
        managedMaps.Fill(setup.MapEntries);
        setup.RegisterTraitKeys();

        // The C twin with the traffic class one key higher: the same traits, another store.
        var shifted = setup with { TraitKeys = new Dictionary<string, int>(setup.TraitKeys) { ["traffic_class"] = ClassKey + 1 } };
        using var twin = KernelSample.Load(ClangTwins.ObjectFor("tagger"), "tagger", shifted);
        var clockKeys = new[] { ReceivedKey };
        var empty = () => new MapSnapshot();

        var error = Assert.Throws<DisagreementException>(() => DifferentialRunner.Run(
            tagger,
            new ExecutionSide("managed", packet => MetaTraitArea.MaskClockValues(tagger.RunManaged(packet, traitStoreInMetadata: true), clockKeys), empty),
            [new ExecutionSide("kernel (C twin)", packet => MetaTraitArea.MaskClockValues(twin.Run("tagger", packet), clockKeys), empty)],
            PacketCorpus.Standard));

        Assert.Contains("tagger: managed and kernel (C twin) disagree on packet #", error.Message);
        Assert.Contains("Pass (2), ", error.Message);

        // The receive time is masked on both sides, where each side's own header puts it.
        Assert.Matches("managed +Pass \\(2\\), \\d+ bytes: [0-9A-F]{96}\\.{16}", error.Message);
        Assert.Matches("kernel \\(C twin\\) +Pass \\(2\\), \\d+ bytes: [0-9A-F]{96}\\.{16}", error.Message);
    }

    [Fact]
    public void OnlyTheValuesOfClockTraitsAreMasked()
    {
        var area = StoreWith((PacketIdKey, 0x1111111111111111), (ReceivedKey, 0x2222222222222222));
        byte[] output = [.. area, 0xAB, 0xCD];
        var outcome = new RunOutcome(2, output);

        var masked = MetaTraitArea.MaskClockValues(outcome, [ReceivedKey]);

        Assert.Equal([(48, 8)], masked.Masked);
        Assert.Equal(output[..48], masked.Output[..48]);
        Assert.All(masked.Output[48..56], b => Assert.Equal(0, b));
        Assert.Equal(output[56..], masked.Output[56..]);
        Assert.Contains("1111111111111111................0000", masked.Describe(_ => "Pass"));

        // An absent clock trait, or a header with an invalid size code below it, masks nothing.
        Assert.Same(outcome, MetaTraitArea.MaskClockValues(outcome, [ClassKey]));
        var foreign = output.ToArray();
        foreign[24] |= 1;
        foreign[32] |= 1;
        Assert.Empty(MetaTraitArea.MaskClockValues(new RunOutcome(2, foreign), [ReceivedKey]).Masked);
    }

    private static unsafe byte[] StoreWith(params (int Key, ulong Value)[] traits)
    {
        var area = new byte[MetaTraitArea.Room];
        fixed (byte* start = area)
        {
            byte* store = start + MetaTraitSeal.Size;
            foreach (var (key, value) in traits)
            {
                ulong copy = value;
                Assert.Equal(0, TraitStore.Set(store, start + area.Length, (ulong)key, &copy, sizeof(ulong), 0));
            }
        }

        return area;
    }

    /// <summary>Whether a test run's output starts with a metadata area sealed for the packet after it.</summary>
    private static unsafe bool SealIsValid(byte[] output)
    {
        fixed (byte* meta = output)
        {
            return MetaTraitSeal.IsValid(meta, meta + MetaTraitArea.Room, meta + output.Length);
        }
    }
}
