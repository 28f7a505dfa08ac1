using System.Runtime.InteropServices;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Maps.LpmTrieMapPrograms;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>Compiles and loads the LPM trie program once.</summary>
public sealed class LpmTrieMapFixture : IDisposable
{
    public LpmTrieMapFixture() => Programs = new CompiledAssembly(typeof(LpmTrieMapPrograms).Assembly.Location, "m_lpm_trie");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// An LPM trie: updates, deletes and longest-prefix lookups run in the kernel and as managed code
/// give the same results, packet by packet, and bpftool reads back the prefixes managed execution holds.
/// </summary>
public sealed class LpmTrieMapTests(LpmTrieMapFixture fixture) : IClassFixture<LpmTrieMapFixture>
{
    [Fact]
    public void TheMapIsCreatedWithoutPreallocation()
    {
        Assert.Equal(Object.BpfMapType.LpmTrie, fixture.Programs.Map("Routes").Type);
        using var shown = BpftoolMaps.Show(BpftoolMaps.Id(fixture.Programs.Program("m_lpm_trie"), "Routes"));
        Assert.Equal("lpm_trie", shown.RootElement.GetProperty("type").GetString());
        Assert.Equal(1, shown.RootElement.GetProperty("flags").GetInt32()); // BPF_F_NO_PREALLOC, though the C# asked for no flags
    }

    [Fact]
    public void RouteLookupsAgreeWithManagedExecution()
    {
        Routes.Clear();
        var random = new Random(11);
        // Few distinct addresses, so that prefixes nest and lookups have several candidates.
        uint[] bases = [0x0000000A, 0x0001A8C0, 0x000010AC, 0x08080808];
        var outcomes = new HashSet<string>();
        for (int n = 0; n < 600; n++)
        {
            var packet = new byte[PacketLength];
            int operation = n < 200 ? random.Next(2) : random.Next(10) switch { < 5 => 0, < 8 => 1, _ => 2 };
            packet[Operation] = (byte)(operation | (operation == 1 && random.Next(4) == 0 ? random.Next(1, 4) << 2 : 0));
            packet[PrefixLengthAt] = (byte)(random.Next(20) == 0 ? random.Next(33, 40) : random.Next(33));
            uint address = bases[random.Next(bases.Length)] ^ (uint)(random.Next(4) == 0 ? random.Next() : random.Next(256) << 24);
            BitConverter.TryWriteBytes(packet.AsSpan(AddressAt), address);
            BitConverter.TryWriteBytes(packet.AsSpan(ValueAt), (uint)n);
            var run = SampleRunner.Xdp(fixture.Programs, "m_lpm_trie", Route, packet);
            outcomes.Add($"{operation}:{BitConverter.ToInt32(run.Output, StatusAt)}:{(BitConverter.ToUInt32(run.Output, FoundAt) == 0xFFFFFFFF ? "miss" : "hit")}");
        }

        // Every result the kernel can give happened: hits and misses, -EEXIST, -ENOENT, -ENOSPC, -EINVAL.
        Assert.Contains("0:0:hit", outcomes);
        Assert.Contains("0:0:miss", outcomes);
        foreach (int errno in new[] { Errno.EEXIST, Errno.ENOENT, Errno.ENOSPC, Errno.EINVAL })
        {
            Assert.Contains(outcomes, o => o.Contains($":{-errno}:", StringComparison.Ordinal));
        }

        var dumped = BpftoolMaps.Dump(BpftoolMaps.Id(fixture.Programs.Program("m_lpm_trie"), "Routes"))
            .Select(e => $"{Convert.ToHexString(e.Key)}={Convert.ToHexString(e.Value)}").Order();
        var managed = Routes.Entries.Select(e => $"{Hex(e.Key)}={Hex(e.Value)}").Order();
        Assert.Equal(managed, dumped);
    }

    private static string Hex<T>(T value)
        where T : unmanaged => Convert.ToHexString(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
}
