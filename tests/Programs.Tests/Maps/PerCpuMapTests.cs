using System.Runtime.InteropServices;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// Per-CPU hash maps: packets test-run on each CPU land in that CPU's copy in the kernel, managed
/// execution with <see cref="ManagedExecution.Cpu"/> set to the same CPU does the same, and
/// bpftool and the loader read every CPU's copy back.
/// </summary>
public sealed class PerCpuMapTests
{
    private static readonly int[] Cpus = [.. Enumerable.Range(0, Math.Min(2, Environment.ProcessorCount))];

    [Fact]
    public void EachCpuCountsInItsOwnCopyAndManagedExecutionAgrees()
    {
        using var programs = new CompiledAssembly(typeof(PerCpuMapPrograms).Assembly.Location, "m_percpu_hash");
        PerCpuMapPrograms.Tallies.Clear();
        PerCpuMapPrograms.Recent.Clear();
        var random = new Random(13);
        foreach (int cpu in Cpus)
        {
            var packets = Enumerable.Range(0, 40 + 17 * cpu).Select(n =>
            {
                var packet = new byte[random.Next(14, 80)];
                random.NextBytes(packet);
                packet[1] = n == 25 ? (byte)0xFF : (byte)0; // one delete per CPU, mid-way
                return packet;
            }).ToList();
            OnCpu.Run(cpu, () =>
            {
                ManagedExecution.Cpu = cpu;
                foreach (var packet in packets)
                {
                    var run = SampleRunner.Xdp(programs, "m_percpu_hash", PerCpuMapPrograms.Count, packet);
                    Assert.Equal(cpu, run.Output[2]);
                }
            });
        }

        var tallies = programs.Map("Tallies");
        var recent = programs.Map("Recent");
        Assert.True(tallies.IsPerCpu);
        var program = programs.Program("m_percpu_hash");
        AssertSameOnEveryCpu(BpftoolMaps.Dump(BpftoolMaps.Id(program, "Tallies")), tallies.ValueSize, PerCpuMapPrograms.Tallies);
        AssertSameOnEveryCpu(BpftoolMaps.Dump(BpftoolMaps.Id(program, "Recent")), recent.ValueSize, PerCpuMapPrograms.Recent);
        ulong managedPackets = Cpus.Aggregate(0UL, (total, cpu) => PerCpuMapPrograms.Tallies.EntriesOn(cpu).Aggregate(total, (sum, e) => sum + e.Value.Packets));
        Assert.Equal(managedPackets, SumOverCpus(tallies));
        Assert.True(managedPackets > 0);
    }

    [Fact]
    public void A_program_reads_and_writes_another_cpus_copy_and_managed_execution_agrees()
    {
        using var programs = new CompiledAssembly(typeof(PerCpuMapPrograms).Assembly.Location, "m_percpu_on_cpu");
        PerCpuMapPrograms.ArrayCounts.Clear();
        PerCpuMapPrograms.HashCounts.Clear();
        int possible = PossibleCpus();
        ManagedExecution.PossibleCpus = possible;
        var random = new Random(29);
        var seen = new HashSet<byte>();
        try
        {
            foreach (int cpu in Cpus)
            {
                var packets = Enumerable.Range(0, 60).Select(_ =>
                {
                    var packet = new byte[random.Next(14, 64)];
                    random.NextBytes(packet);
                    packet[0] &= 3;
                    packet[1] = (byte)(random.Next(4) == 0 ? random.Next(possible, 256) : random.Next(Cpus.Length));
                    packet[4] = (byte)random.Next(2);
                    return packet;
                }).ToList();
                OnCpu.Run(cpu, () =>
                {
                    ManagedExecution.Cpu = cpu;
                    foreach (var packet in packets)
                    {
                        var run = SampleRunner.Xdp(programs, "m_percpu_on_cpu", PerCpuMapPrograms.ReadOtherCpu, packet);
                        seen.Add(run.Output[2]);
                        seen.Add(run.Output[3]);
                    }
                });
            }
        }
        finally
        {
            ManagedExecution.PossibleCpus = ManagedExecution.MaxCpus;
            ManagedExecution.Cpu = 0;
        }

        Assert.Contains((byte)0xEE, seen);
        Assert.True(seen.Count > 3, $"the reads saw only {string.Join(", ", seen)}");
        var array = programs.Map("ArrayCounts");
        var value = new byte[array.ValueBufferSize];
        for (uint key = 0; key < 4; key++)
        {
            Assert.True(array.Lookup(BitConverter.GetBytes(key), value));
            foreach (int cpu in Cpus)
            {
                Assert.Equal(PerCpuMapPrograms.ArrayCounts.ValueOn(key, cpu), BitConverter.ToUInt64(value, cpu * 8));
            }
        }
    }

    /// <summary>The kernel's nr_cpu_ids: one past the last possible CPU.</summary>
    private static int PossibleCpus() =>
        int.Parse(File.ReadAllText("/sys/devices/system/cpu/possible").Trim().Split(',')[^1].Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture) + 1;

    /// <summary>What bpftool dumped equals the managed map's copy on each CPU, key by key.</summary>
    private static void AssertSameOnEveryCpu<TKey, TValue>(List<(byte[] Key, byte[] Value)> dump, int valueSize, KernelPerCpuHashMap<TKey, TValue> managed)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        int stride = (valueSize + 7) & ~7;
        Assert.Equal(managed.Count, dump.Count);
        foreach (var (key, values) in dump)
        {
            for (int cpu = 0; cpu * stride < values.Length; cpu++)
            {
                var expected = managed.EntriesOn(cpu).Where(e => Hex(e.Key) == Convert.ToHexString(key)).Select(e => Hex(e.Value)).Single();
                Assert.Equal(expected, Convert.ToHexString(values, cpu * stride, valueSize));
            }
        }
    }

    /// <summary>The first counter of every element, summed over keys and CPUs, read through the loader.</summary>
    private static ulong SumOverCpus(Loader.BpfMap map)
    {
        var value = new byte[map.ValueBufferSize];
        int stride = (map.ValueSize + 7) & ~7;
        ulong sum = 0;
        foreach (var key in map.Keys())
        {
            Assert.True(map.Lookup(key, value));
            for (int offset = 0; offset < value.Length; offset += stride)
            {
                sum += BitConverter.ToUInt64(value, offset);
            }
        }

        return sum;
    }

    private static string Hex<T>(T value)
        where T : unmanaged => Convert.ToHexString(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
}
