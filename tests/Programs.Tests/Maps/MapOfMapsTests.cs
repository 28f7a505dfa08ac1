using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Maps.MapOfMapsPrograms;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>Compiles and loads the map-of-maps programs once.</summary>
public sealed class MapOfMapsFixture : IDisposable
{
    public MapOfMapsFixture() => Programs = new CompiledAssembly(typeof(MapOfMapsPrograms).Assembly.Location, "m_of_maps", "m_gold");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// Maps of maps: the array of maps' initializer fills its slots at load, user space fills the hash of maps with a
/// map's descriptor, and programs counting through the inner maps agree with managed execution packet by packet;
/// bpftool and the kernel read back the inner maps by id.
/// </summary>
public sealed class MapOfMapsTests(MapOfMapsFixture fixture) : IClassFixture<MapOfMapsFixture>
{
    private const ulong GoldFlow = 0xABCDEF01;
    private const uint GoldLimit = 77;

    [Fact]
    public void TheInitializerFillsTheSlotsWithTheProgramsMaps()
    {
        var tables = Slots();
        Assert.Equal([1u, 3u], tables.Keys.Order());
        Assert.Equal("Blue", Loader.MapsById.NameOf(tables[1]));
        Assert.Equal("Green", Loader.MapsById.NameOf(tables[3]));
        using var shown = BpftoolMaps.Show(BpftoolMaps.Id(fixture.Programs.Program("m_of_maps"), "Tables"));
        Assert.Equal("array_of_maps", shown.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void CountsThroughTheInnerMapsAgreeWithManagedExecution()
    {
        Blue.Clear();
        Green.Clear();
        Gold[1] = GoldLimit;
        Assert.Equal(0, Limits.Update(GoldFlow, Gold));
        fixture.Programs.Map("Gold").Update(BitConverter.GetBytes(1u), BitConverter.GetBytes(GoldLimit));
        fixture.Programs.Map("Limits").Update(BitConverter.GetBytes(GoldFlow), BitConverter.GetBytes(fixture.Programs.Map("Gold").Fd));

        var random = new Random(17);
        var seen = new HashSet<string>();
        for (int n = 0; n < 300; n++)
        {
            var packet = new byte[PacketLength];
            BitConverter.TryWriteBytes(packet.AsSpan(SlotAt), (uint)random.Next(6));
            BitConverter.TryWriteBytes(packet.AsSpan(FlowAt), random.Next(2) == 0 ? GoldFlow : (ulong)random.NextInt64());
            BitConverter.TryWriteBytes(packet.AsSpan(CounterAt), (uint)random.Next(4));
            var run = SampleRunner.Xdp(fixture.Programs, "m_of_maps", Count, packet);
            ulong counted = BitConverter.ToUInt64(run.Output, CountedAt);
            seen.Add(counted == ulong.MaxValue ? "empty slot" : "counted");
            seen.Add(BitConverter.ToUInt32(run.Output, LimitAt) == GoldLimit ? "limit" : "no limit");
        }

        Assert.Equal(["counted", "empty slot", "limit", "no limit"], seen.Order());
        var slots = Slots();
        foreach (var (slot, managed) in new[] { (1u, Blue), (3u, Green) })
        {
            var dumped = BpftoolMaps.Dump(slots[slot])
                .Select(e => $"{BitConverter.ToUInt32(e.Key)}={BitConverter.ToUInt64(e.Value)}").Order();
            Assert.Equal(managed.Entries.Select(e => $"{e.Key}={e.Value}").Order(), dumped);
            Assert.NotEmpty(dumped);
        }

        var limits = Assert.Single(BpftoolMaps.Dump(BpftoolMaps.Id(fixture.Programs.Program("m_of_maps"), "Limits")));
        Assert.Equal(BpftoolMaps.Id(fixture.Programs.Program("m_gold"), "Gold"), BitConverter.ToUInt32(limits.Value));
    }

    /// <summary>The array of maps' filled slots and the ids of the maps in them, as bpftool dumps them.</summary>
    private Dictionary<uint, uint> Slots() =>
        BpftoolMaps.Dump(BpftoolMaps.Id(fixture.Programs.Program("m_of_maps"), "Tables"))
            .ToDictionary(e => BitConverter.ToUInt32(e.Key), e => BitConverter.ToUInt32(e.Value));

    [Fact]
    public void ManagedHashOfMapsKeepsTheKernelsUpdateRules()
    {
        var limits = new HashOfMaps<ulong, ArrayMap<uint>>(1, new ArrayMap<uint>(2));
        var table = new ArrayMap<uint>(2);
        Assert.Equal(-Errno.ENOENT, limits.Update(1, table, MapUpdate.Exist));
        Assert.Equal(0, limits.Update(1, table, MapUpdate.NoExist));
        Assert.Equal(-Errno.EEXIST, limits.Update(1, table, MapUpdate.NoExist));
        Assert.Equal(-Errno.E2BIG, limits.Update(2, table));
        Assert.Same(table, limits.Lookup(1));
        Assert.Equal(0, limits.Delete(1));
        Assert.Equal(-Errno.ENOENT, limits.Delete(1));
        Assert.Null(limits.Lookup(1));
    }
}
