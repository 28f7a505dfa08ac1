using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>
/// <see cref="TcContext.MetadataDynptr"/> on real packets: in a namespace of its own, XDP on a veth end leaves
/// 8 bytes of metadata in front of each packet and TC ingress on the same end reads them through a dynptr over
/// the sk_buff's metadata area (bpf_dynptr_from_skb_meta, Linux 6.18).
/// </summary>
public sealed class MetadataDynptrTests
{
    private static readonly string Assembly = typeof(MetadataDynptrPrograms).Assembly.Location;

    [Fact]
    public void Tc_reads_what_xdp_left_in_the_metadata_area_through_a_metadata_dynptr()
    {
        using var ns = new NetworkNamespace();
        Tool.RunClean("ip", "-n", ns.Name, "addr", "add", "10.78.0.1/24", "dev", ns.First);
        var values = NetworkNamespaceThread.Run(ns.Name, () =>
        {
            using var programs = new CompiledAssembly(Assembly, "meta_writer", "meta_reader");
            using var xdp = programs.Program("meta_writer").AttachXdp(ns.Second);
            using var tc = programs.Program("meta_reader").AttachTc(ns.Second, AttachHook.TcIngress);
            // The pings make ARP requests out of the first end: XDP on the second marks them, TC ingress there reads the mark.
            Tool.Run("ip", "netns", "exec", ns.Name, "ping", "-c", "3", "-i", "0.2", "-W", "1", "10.78.0.2");
            return Enumerable.Range(0, 4).Select(slot => programs.ReadUInt64("MetaResults", (uint)slot)).ToArray();
        });

        Assert.True(values[0] >= 1, $"XDP marked {values[0]} ARP requests");
        Assert.Equal(values[0], values[1]);
        Assert.Equal(8UL, values[2]);
        Assert.Equal(42UL, values[3]);
    }
}
