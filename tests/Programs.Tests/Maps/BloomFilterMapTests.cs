using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Maps.BloomFilterMapPrograms;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// A bloom filter: pushes and membership questions run in the kernel and as managed code agree packet by packet,
/// and the map is created with the hash function count the C# declared as map_extra.
/// </summary>
public sealed class BloomFilterMapTests
{
    [Fact]
    public void PushAndPeekAgreeWithManagedExecution()
    {
        using var programs = new CompiledAssembly(typeof(BloomFilterMapPrograms).Assembly.Location, "m_bloom_filter");
        Seen.Clear();
        var random = new Random(3);
        var results = new HashSet<int>();
        for (int n = 0; n < 400; n++)
        {
            var packet = new byte[PacketLength];
            packet[Operation] = (byte)random.Next(2);
            BitConverter.TryWriteBytes(packet.AsSpan(ValueAt), (uint)random.Next(200));
            var run = SampleRunner.Xdp(programs, "m_bloom_filter", Run, packet);
            results.Add(BitConverter.ToInt32(run.Output, StatusAt));
        }

        Assert.Equal([-Errno.ENOENT, 0], results.Order());
        using var shown = BpftoolMaps.Show(BpftoolMaps.Id(programs.Program("m_bloom_filter"), "Seen"));
        Assert.Equal("bloom_filter", shown.RootElement.GetProperty("type").GetString());
        Assert.Equal(0, shown.RootElement.GetProperty("bytes_key").GetInt32());
    }
}
