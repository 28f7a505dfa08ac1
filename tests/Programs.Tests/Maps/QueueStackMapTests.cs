using System.Globalization;
using System.Text.Json;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Maps.QueueStackMapPrograms;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// Queue and stack maps: pushes (full, with BPF_EXIST, with bad flags), pops and peeks run in the kernel and as
/// managed code give the same results packet by packet, and bpftool pops what managed execution still holds, in order.
/// </summary>
public sealed class QueueStackMapTests
{
    [Fact]
    public void PushPopAndPeekAgreeWithManagedExecution()
    {
        using var programs = new CompiledAssembly(typeof(QueueStackMapPrograms).Assembly.Location, "m_queue_stack");
        Arrivals.Clear();
        Pending.Clear();
        var random = new Random(5);
        var outcomes = new HashSet<string>();
        for (int n = 0; n < 500; n++)
        {
            var packet = new byte[PacketLength];
            packet[Operation] = (byte)random.Next(6);
            packet[FlagsAt] = (byte)(random.Next(8) switch { 0 => 1, 1 or 2 => 2, _ => 0 });
            BitConverter.TryWriteBytes(packet.AsSpan(ValueAt), (uint)(1000 + n));
            var run = SampleRunner.Xdp(programs, "m_queue_stack", Run, packet);
            outcomes.Add($"{packet[Operation] % 3}:{BitConverter.ToInt32(run.Output, StatusAt)}");
        }

        // Every result happened: pushes that worked, found it full (-E2BIG) or had bad flags (-EINVAL); pops and peeks of an empty map (-ENOENT).
        Assert.Superset(new HashSet<string> { "0:0", $"0:{-Errno.E2BIG}", $"0:{-Errno.EINVAL}", "1:0", $"1:{-Errno.ENOENT}", "2:0", $"2:{-Errno.ENOENT}" }, outcomes);

        var program = programs.Program("m_queue_stack");
        Assert.Equal(Arrivals.Values.ToList(), PopAll(BpftoolMaps.Id(program, "Arrivals")));
        Assert.Equal(Pending.Values.Reverse().ToList(), PopAll(BpftoolMaps.Id(program, "Pending")));
    }

    /// <summary>Pops with bpftool until the map is empty.</summary>
    private static List<uint> PopAll(uint mapId)
    {
        string id = mapId.ToString(CultureInfo.InvariantCulture);
        using var shown = BpftoolMaps.Show(mapId);
        Assert.Equal(0, shown.RootElement.GetProperty("bytes_key").GetInt32());
        var values = new List<uint>();
        while (true)
        {
            var pop = Tool.Run("bpftool", "-j", "map", "pop", "id", id);
            if (pop.ExitCode != 0)
            {
                return values;
            }

            var bytes = JsonDocument.Parse(pop.Output).RootElement.GetProperty("value").EnumerateArray()
                .Select(h => byte.Parse(h.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            values.Add(BitConverter.ToUInt32(bytes));
        }
    }
}
