using System.Net;
using System.Runtime.InteropServices;
using TraitsBpf.Loader.Attach;
using TraitsBpf.SkeletonPrograms;
using TraitsBpf.Testing;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Skeleton.Tests;

/// <summary>
/// A program with a global in each data section and a map with struct keys and values: .rodata set before load
/// and frozen after, .data changed while the program runs (and the traffic obeys), .bss read live, and the map's
/// typed entries equal to bpftool's bytes.
/// </summary>
public sealed class SourceCounterSkeletonTests
{
    private const ushort Port = 7777;

    [KernelFact]
    public void Globals_and_a_struct_keyed_map_work_as_the_program_sees_them()
    {
        using var veth = new VethPair();
        using var skeleton = SourceCounterSkeleton.Open();
        Assert.Equal((ushort)9, skeleton.WatchedPort.Value);
        skeleton.WatchedPort.Value = Port;
        skeleton.Load();
        Assert.Equal(Port, skeleton.WatchedPort.Value);
        Assert.Throws<InvalidOperationException>(() => skeleton.WatchedPort.Value = 9);

        var attachment = NetworkNamespaceThread.Run(veth.ReceiverNamespace,
            () => skeleton.SourceCounter.Attach(veth.ReceiverInterface, XdpMode.Generic));
        veth.SendUdp(4, Port);
        veth.SendUdp(2, 9); // not the watched port any more

        var entries = skeleton.Sources.ToList();
        var entry = Assert.Single(entries);
        Assert.Equal(BitConverter.ToUInt32(IPAddress.Parse(VethPair.SenderAddress).GetAddressBytes()), entry.Key.Address);
        Assert.Equal(4UL, entry.Value.Datagrams);
        var dumped = Assert.Single(BpftoolMaps.Dump(BpftoolMaps.Id(skeleton.SourceCounter.Program, "Sources")));
        Assert.Equal(Bytes(entry.Key), dumped.Key);
        Assert.Equal(Bytes(entry.Value), dumped.Value);

        // .bss, read live: bpftool's copy of the section holds the same count, between two reads of ours.
        var seenBefore = skeleton.Seen.Value;
        var bss = Assert.Single(BpftoolMaps.Dump(BpftoolMaps.Id(skeleton.SourceCounter.Program, skeleton.Object.Map(".bss").Name))).Value;
        var seenAfter = skeleton.Seen.Value;
        Assert.InRange(MemoryMarshal.Read<ulong>(bss.AsSpan(skeleton.Seen.Variable.Offset)), seenBefore, seenAfter);
        Assert.True(seenBefore >= 8, $"the program saw {seenBefore} packets, fewer than the 8 sent");

        // .data, written live: the running program returns the new verdict at once.
        skeleton.Verdict.Value = (uint)XdpAction.Drop;
        Assert.Equal(0, veth.Ping(2));
        skeleton.Verdict.Value = (uint)XdpAction.Pass;
        Assert.Equal(2, veth.Ping(2));

        attachment.Detach();
        var seen = skeleton.Seen.Value;
        Assert.Equal(2, veth.Ping(2));
        Assert.Equal(seen, skeleton.Seen.Value);
    }

    [KernelFact]
    public void A_type_that_is_not_the_maps_is_refused_with_both_sizes()
    {
        using var skeleton = SourceCounterSkeleton.Open();
        skeleton.Load();
        var error = Assert.Throws<ArgumentException>(() => new TraitsBpf.Loader.Skeleton.TypedMap<uint, ulong>(skeleton.Sources.Map));
        Assert.Contains("map 'Sources' has keys of 8 bytes, but System.UInt32 is 4 bytes", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Bytes<T>(T value)
        where T : unmanaged => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1)).ToArray();
}
