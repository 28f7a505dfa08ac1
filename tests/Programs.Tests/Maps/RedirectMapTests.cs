using TraitsBpf.Loader;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Host;
using static TraitsBpf.Programs.Tests.Maps.RedirectMapPrograms;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// DevMapHash, CpuMap and XskMap: bpf_redirect_map gives XDP_REDIRECT for a slot user space filled and the
/// fallback action for an empty one, in the kernel and in managed execution alike. The XskMap stays empty here (its
/// slots filled with AF_XDP sockets are <see cref="XskMapTrafficTests"/>'); it is created with the flags its declaration gives.
/// </summary>
public sealed class RedirectMapTests
{
    private const uint Loopback = 1;
    private const uint QueueSize = 192;

    [Fact]
    public void RedirectsThroughFilledSlotsAndFallsBackOnEmptyOnes()
    {
        using var programs = new CompiledAssembly(typeof(RedirectMapPrograms).Assembly.Location, "m_redirect_maps");
        Ports.Clear();
        Cpus.Clear();
        Sockets.Clear();
        programs.Map("Ports").Update(BitConverter.GetBytes(7u), BitConverter.GetBytes(Loopback));
        Ports.Set(7, Loopback);
        programs.Map("Cpus").Update(BitConverter.GetBytes(0u), BitConverter.GetBytes(QueueSize));
        Cpus.Set(0, QueueSize);

        var actions = new HashSet<(int Map, uint Action)>();
        for (int map = 0; map < 3; map++)
        {
            foreach (byte key in new byte[] { 0, 1, 7 })
            {
                foreach (byte fallback in new byte[] { 0, 1, 2, 3 })
                {
                    var packet = new byte[20];
                    (packet[14], packet[15], packet[16]) = ((byte)map, key, fallback);
                    actions.Add((map, SampleRunner.Xdp(programs, "m_redirect_maps", Run, packet).Action));
                }
            }
        }

        Assert.Contains((0, (uint)XdpAction.Redirect), actions);
        Assert.Contains((1, (uint)XdpAction.Redirect), actions);
        Assert.DoesNotContain((2, (uint)XdpAction.Redirect), actions);
        Assert.Contains((2, (uint)XdpAction.Tx), actions);
        var program = programs.Program("m_redirect_maps");
        foreach (var (name, type) in new[] { ("Ports", "devmap_hash"), ("Cpus", "cpumap"), ("Sockets", "xskmap") })
        {
            using var shown = BpftoolMaps.Show(BpftoolMaps.Id(program, name));
            Assert.Equal(type, shown.RootElement.GetProperty("type").GetString());
        }

        // BPF_F_WRONLY belongs to the descriptor the map was created with (the kernel's map info does not keep it): a lookup
        // through it is EPERM, where an XSKMAP's answer is otherwise EOPNOTSUPP.
        var lookup = Assert.Throws<LoaderException>(() => programs.Map("Sockets").Lookup(BitConverter.GetBytes(0u), new byte[4]));
        Assert.Equal(Errno.EPERM, lookup.Errno);

        Assert.Equal([(BitConverter.GetBytes(7u), BitConverter.GetBytes(Loopback))], BpftoolMaps.Dump(BpftoolMaps.Id(program, "Ports")).Select(e => (e.Key, e.Value)));
    }
}
