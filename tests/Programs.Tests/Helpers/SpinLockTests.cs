using System.Runtime.CompilerServices;
using System.Text.Json;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// <see cref="BpfSpinLock"/> in a hash map's and an array map's values: the 6.18 verifier accepts the program (the
/// map's BTF names <c>struct bpf_spin_lock</c>, so the kernel finds the lock), managed execution agrees with the kernel
/// packet by packet, CPUs running the program at once lose no update in the kernel, threads taking the lock in managed
/// execution lose none, and bpftool prints the map with its fields.
/// </summary>
public sealed unsafe class SpinLockTests
{
    private const int Length = 64;

    [Fact]
    public void Locked_counters_agree_with_managed_code_and_threads_lose_no_update()
    {
        using var programs = new CompiledAssembly(typeof(SpinLockPrograms).Assembly.Location, "h_spin_lock");
        SpinLockPrograms.TalliesByKey.Clear();
        SpinLockPrograms.Total[0] = default;
        var random = new Random(93);
        for (int n = 0; n < 200; n++)
        {
            var packet = new byte[random.Next(16, 96)];
            random.NextBytes(packet);
            SampleRunner.Xdp(programs, "h_spin_lock", SpinLockPrograms.Count, packet);
        }

        MapContents.AssertSame(programs.Map("TalliesByKey"), SpinLockPrograms.TalliesByKey.Entries);
        Assert.Equal(200UL, SpinLockPrograms.Total[0].Packets);
        Assert.Equal(200UL, Packets(programs, "Total", 0));

        // Managed execution's lock is a real one: four threads add to one array value under it and lose no update.
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (int n = 0; n < 50_000; n++)
            {
                AddUnderLock(SpinLockPrograms.Total.Lookup(0));
            }
        });
        var total = SpinLockPrograms.Total[0];
        Assert.Equal(200_200UL, total.Packets);
        Assert.Equal(0u, Unsafe.As<BpfSpinLock, uint>(ref total.Guard)); // released
    }

    private static void AddUnderLock(LockedTally* tally)
    {
        tally->Guard.Lock();
        ulong packets = tally->Packets;
        Thread.SpinWait(1);
        tally->Packets = packets + 1;
        tally->Guard.Unlock();
    }

    [Fact]
    public void Cpus_running_the_program_at_once_lose_no_update_and_bpftool_prints_the_map()
    {
        using var programs = new CompiledAssembly(typeof(SpinLockPrograms).Assembly.Location, "h_spin_lock");
        var packet = new byte[Length];
        packet[0] = 1;
        const int Runs = 4, Repeat = 50_000;
        var program = programs.Program("h_spin_lock");
        Parallel.For(0, Runs, new ParallelOptions { MaxDegreeOfParallelism = Runs }, _ =>
            Assert.Equal((uint)XdpAction.Pass, program.TestRun(packet, Repeat).ReturnValue));

        ulong expected = (ulong)Runs * Repeat;
        Assert.Equal(expected, Packets(programs, "TalliesByKey", 1));
        Assert.Equal(expected * Length, Bytes(programs, "TalliesByKey", 1));
        Assert.Equal(expected, Packets(programs, "Total", 0));
        Assert.Equal(expected * Length, Bytes(programs, "Total", 0));

        uint id = BpftoolMaps.Id(programs.Program("h_spin_lock"), "TalliesByKey");
        var (key, value) = Assert.Single(BpftoolMaps.Dump(id));
        Assert.Equal(BitConverter.GetBytes(1u), key);
        Assert.Equal(expected, BitConverter.ToUInt64(value, 8));
        using var formatted = JsonDocument.Parse(Run.Command("bpftool", ["-j", "map", "dump", "id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)], stdin: null).EnsureSuccess().Stdout);
        var tally = Assert.Single(formatted.RootElement.EnumerateArray().ToList()).GetProperty("formatted").GetProperty("value");
        Assert.Equal(expected, tally.GetProperty("Packets").GetUInt64());
        Assert.True(tally.TryGetProperty("Guard", out _), $"bpftool shows the lock field: {tally}");
        var btf = Run.Command("bpftool", ["btf", "dump", "id", BtfId(id)], stdin: null).EnsureSuccess().Stdout;
        Assert.Matches(@"STRUCT 'bpf_spin_lock' size=4 vlen=1\s+'val' type_id=\d+ bits_offset=0", btf);
    }

    private static ulong Packets(CompiledAssembly programs, string map, uint key) => BitConverter.ToUInt64(Value(programs, map, key), 8);

    private static ulong Bytes(CompiledAssembly programs, string map, uint key) => BitConverter.ToUInt64(Value(programs, map, key), 16);

    private static byte[] Value(CompiledAssembly programs, string map, uint key)
    {
        var m = programs.Map(map);
        var value = new byte[m.ValueBufferSize];
        Assert.True(m.Lookup(BitConverter.GetBytes(key), value), $"map {map} has no key {key}");
        Assert.Equal(0u, BitConverter.ToUInt32(value, 0)); // the kernel gives the lock's bytes back as zero
        return value;
    }

    private static string BtfId(uint mapId)
    {
        using var show = BpftoolMaps.Show(mapId);
        return show.RootElement.GetProperty("btf_id").GetUInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
