using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Tests.CSharp;

/// <summary>
/// A writer and a reader that share <see cref="SharedNotes"/> through its pin when loaded separately, with a
/// per-CPU hash map, an LPM trie, a queue, a stack, a bloom filter, the redirect maps and the ring buffers beside it for <c>traitsbpf maps</c> to print. Both act only on frames of
/// the local experimental EtherType 0x88B5, so that the traffic a veth sees by itself changes nothing.
/// </summary>
public static unsafe class PinnedMapPrograms
{
    /// <summary>EtherType 0x88B5 as the frame's bytes 12–13 read as a little-endian ushort.</summary>
    public const ushort TestEtherType = 0xB588;

    /// <summary>Notes by key, pinned by name: every load of either program uses the same map.</summary>
    [Pinned]
    public static readonly HashMap<uint, ulong> SharedNotes = new(16);

    /// <summary>Packets the writer saw per key, per CPU.</summary>
    public static readonly PerCpuHashMap<uint, ulong> NotesPerCpu = new(16);

    /// <summary>Packets the writer saw per key, per CPU, the least recently used key going when full.</summary>
    public static readonly LruPerCpuHashMap<uint, ulong> RecentPerCpu = new(256);

    /// <summary>The writer's prefixes.</summary>
    public static readonly LpmTrieMap<BlockKey, uint> Blocks = new(8);

    /// <summary>The keys written, first in first out.</summary>
    public static readonly QueueMap<uint> Arrivals = new(8);

    /// <summary>The notes written, last in first out.</summary>
    public static readonly StackMap<ulong> Pending = new(8);

    /// <summary>Interfaces by key.</summary>
    public static readonly DevMapHash Ports = new(8);

    /// <summary>CPUs to hand packets to.</summary>
    public static readonly CpuMap Cpus = new(2);

    /// <summary>CPUs whose slots may hold a CPUMAP program (value: <c>struct bpf_cpumap_val</c>).</summary>
    public static readonly CpuMap SlotCpus = new(2, programs: true);

    /// <summary>Interfaces whose slots may hold a DEVMAP program (value: <c>struct bpf_devmap_val</c>).</summary>
    public static readonly DevMap SlotPorts = new(4, programs: true);

    /// <summary>AF_XDP sockets per queue.</summary>
    public static readonly XskMap Sockets = new(4);

    /// <summary>The keys written, as a bloom filter with three hash functions.</summary>
    public static readonly BloomFilterMap<uint> KeysSeen = new(64, MapFlags.None, hashFunctions: 3);

    /// <summary>Count tables by slot: slot 1 holds <see cref="NotesPerCpu"/>.</summary>
    public static readonly ArrayOfMaps<PerCpuHashMap<uint, ulong>> CountTables = new(2, new PerCpuHashMap<uint, ulong>(16)) { [1] = NotesPerCpu };

    /// <summary>Count tables by a 64-bit flow key, filled by user space (the test puts <see cref="NotesPerCpu"/> under key 7).</summary>
    public static readonly HashOfMaps<ulong, PerCpuHashMap<uint, ulong>> CountTablesByFlow = new(4, new PerCpuHashMap<uint, ulong>(16));

    /// <summary>Each key the writer sees, as a ring-buffer record.</summary>
    public static readonly RingBuffer Seen = new(4096);

    /// <summary>Records user space writes (the test writes three); the writer drains them only when a frame's byte 0 is 200.</summary>
    public static readonly UserRingBuffer Requests = new(4096);

    /// <summary>Writes the note at bytes 16–23 under key byte 0, counts it per CPU, and stores prefix byte 1 of address bytes 2–5.</summary>
    [Xdp("pin_writer")]
    public static XdpAction Write(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd || *(ushort*)(data + 12) != TestEtherType)
        {
            return XdpAction.Pass;
        }

        uint key = data[0];
        if (CountTables.Lookup(1) == null)
        {
            return XdpAction.Aborted; // never: the initializer fills slot 1
        }

        ulong flow = 7;
        if (CountTablesByFlow.Lookup(flow) is { } byFlow && byFlow.Lookup(key) == null)
        {
            byFlow.Update(key, 0); // the flow's table holds every key the program has seen
        }

        SharedNotes.Update(key, *(ulong*)(data + 16));
        ulong* seen = NotesPerCpu.Lookup(key);
        ulong next = seen == null ? 1 : *seen + 1;
        NotesPerCpu.Update(key, next);
        RecentPerCpu.Update(key, next);
        BlockKey block = new() { PrefixLength = data[1], Address = *(uint*)(data + 2) };
        Blocks.Update(block, key);
        Arrivals.Push(key, MapUpdate.Exist);
        Pending.Push(*(ulong*)(data + 16), MapUpdate.Exist);
        KeysSeen.Push(key);
        Seen.Output(key);
        if (key == 200)
        {
            ulong drained = 0;
            Requests.Drain(static (in Dynptr record, ref ulong count) => { count++; return 0; }, ref drained);
        }

        // The maps are empty, so each falls back to XDP_PASS; what the test wants is that they exist.
        return (XdpAction)((uint)Ports.Redirect(key, 2) & (uint)Cpus.Redirect(key, 2) & (uint)Sockets.Redirect(key, 2)
            & (uint)SlotCpus.Redirect(key, 2) & (uint)SlotPorts.Redirect(key, 2));
    }

    /// <summary>A CPUMAP program for <see cref="SlotCpus"/>: passes everything.</summary>
    [Xdp("pin_on_cpu", XdpAttach.CpuMap)]
    public static XdpAction PassOnCpu(XdpContext ctx) => XdpAction.Pass;

    /// <summary>A DEVMAP program for <see cref="SlotPorts"/>: passes everything.</summary>
    [Xdp("pin_on_port", XdpAttach.DevMap)]
    public static XdpAction PassOnPort(XdpContext ctx) => XdpAction.Pass;

    /// <summary>Copies the note under key byte 0 into bytes 16–23, or all ones when there is none.</summary>
    [Tc("pin_reader")]
    public static TcAction Read(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd || *(ushort*)(data + 12) != TestEtherType)
        {
            return TcAction.Ok;
        }

        uint key = data[0];
        ulong* note = SharedNotes.Lookup(key);
        *(ulong*)(data + 16) = note == null ? ulong.MaxValue : *note;
        return TcAction.Ok;
    }

    /// <summary>An IPv4 prefix.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BlockKey
    {
        /// <summary>Prefix bits.</summary>
        public uint PrefixLength;

        /// <summary>The address, network order.</summary>
        public uint Address;
    }
}
