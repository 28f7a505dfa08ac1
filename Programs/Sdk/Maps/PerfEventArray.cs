using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_PERF_EVENT_ARRAY: one perf event per CPU, which programs write records into with
/// bpf_perf_event_output and user space reads through per-CPU perf buffers (the loader's
/// <c>PerfBufferReader</c>). Its keys and values are 4 bytes (a CPU and a perf event descriptor); declared with no
/// size it has one slot per possible CPU, as libbpf sizes it. XDP, TC and socket filter programs can append the packet's first
/// bytes to a record. In managed execution every CPU's slot is open (as if a reader were attached) and records
/// collect per CPU in <see cref="Records(int)"/>, the appended packet bytes after the record as the kernel appends them.
/// </summary>
public sealed unsafe class PerfEventArray
{
    /// <summary>BPF_F_CURRENT_CPU: the slot of the CPU running the program, the only slot a program can write to.</summary>
    public const uint CurrentCpu = uint.MaxValue;

    /// <summary>The largest number of packet bytes a record can carry: BPF_F_CTXLEN_MASK is 20 bits wide.</summary>
    public const uint MaxPacketBytes = 0xF_FFFF;

    private readonly Dictionary<int, List<byte[]>> recordsByCpu = [];

    /// <summary>Declares the array; <paramref name="maxEntries"/> 0 (the default) means one slot per possible CPU.</summary>
    public PerfEventArray(int maxEntries = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntries);
        MaxEntries = maxEntries;
    }

    /// <summary>max_entries as declared: 0 when the loader gives one slot per possible CPU.</summary>
    public int MaxEntries { get; }

    /// <summary>The slots the kernel's array has: <see cref="MaxEntries"/>, or <see cref="ManagedExecution.PossibleCpus"/> when 0.</summary>
    public int Slots => MaxEntries == 0 ? ManagedExecution.PossibleCpus : MaxEntries;

    /// <summary>Writes <paramref name="record"/> to the perf event in slot <paramref name="index"/> (bpf_perf_event_output): 0 or a negative errno.</summary>
    [BpfIntrinsic("perf_event.output", Helper = BpfHelper.PerfEventOutput)]
    public int Output<T>(XdpContext ctx, in T record, uint index = CurrentCpu)
        where T : unmanaged => Write(record, ctx.PacketBytes, 0, index);

    /// <summary>Writes <paramref name="record"/> followed by the packet's first <paramref name="packetBytes"/> bytes (the flags' BPF_F_CTXLEN_MASK): -EFAULT when the packet is shorter.</summary>
    [BpfIntrinsic("perf_event.output_packet", Helper = BpfHelper.PerfEventOutput)]
    public int OutputWithPacket<T>(XdpContext ctx, in T record, uint packetBytes, uint index = CurrentCpu)
        where T : unmanaged => Write(record, ctx.PacketBytes, packetBytes, index);

    /// <summary>Writes <paramref name="record"/> to the perf event in slot <paramref name="index"/> (bpf_perf_event_output): 0 or a negative errno.</summary>
    [BpfIntrinsic("perf_event.output", Helper = BpfHelper.PerfEventOutput)]
    public int Output<T>(TcContext ctx, in T record, uint index = CurrentCpu)
        where T : unmanaged => Write(record, ctx.PacketBytes, 0, index);

    /// <summary>Writes <paramref name="record"/> followed by the packet's first <paramref name="packetBytes"/> bytes from its Ethernet header: -EFAULT when the packet is shorter.</summary>
    [BpfIntrinsic("perf_event.output_packet", Helper = BpfHelper.PerfEventOutput)]
    public int OutputWithPacket<T>(TcContext ctx, in T record, uint packetBytes, uint index = CurrentCpu)
        where T : unmanaged => Write(record, ctx.PacketBytes, packetBytes, index);

    /// <summary>Writes <paramref name="record"/> to the perf event in slot <paramref name="index"/> (bpf_perf_event_output): 0 or a negative errno.</summary>
    [BpfIntrinsic("perf_event.output", Helper = BpfHelper.PerfEventOutput)]
    public int Output<T>(SocketContext ctx, in T record, uint index = CurrentCpu)
        where T : unmanaged => Write(record, ctx.PacketBytes, 0, index);

    /// <summary>Writes <paramref name="record"/> followed by the packet's first <paramref name="packetBytes"/> bytes (from where the socket filter's packet starts): -EFAULT when the packet is shorter.</summary>
    [BpfIntrinsic("perf_event.output_packet", Helper = BpfHelper.PerfEventOutput)]
    public int OutputWithPacket<T>(SocketContext ctx, in T record, uint packetBytes, uint index = CurrentCpu)
        where T : unmanaged => Write(record, ctx.PacketBytes, packetBytes, index);

    /// <summary>The records written on <paramref name="cpu"/> and not taken yet, oldest first (managed only).</summary>
    public IReadOnlyList<byte[]> Records(int cpu) => recordsByCpu.GetValueOrDefault(cpu) ?? [];

    /// <summary>Removes and returns every CPU's records, by CPU then oldest first (managed only).</summary>
    public IReadOnlyList<(int Cpu, byte[] Record)> TakeRecords()
    {
        var taken = recordsByCpu.OrderBy(c => c.Key).SelectMany(c => c.Value.Select(r => (c.Key, r))).ToList();
        recordsByCpu.Clear();
        return taken;
    }

    /// <summary>Forgets all records (managed only).</summary>
    public void Clear() => recordsByCpu.Clear();

    /// <summary>
    /// The kernel's checks in their order (bpf_xdp_event_output and bpf_skb_event_output, then bpf_event_output): flag
    /// bits outside the index and length masks, a packet shorter than asked, a slot past the array, a slot of another CPU.
    /// </summary>
    private int Write<T>(in T record, ReadOnlySpan<byte> packet, uint packetBytes, uint index)
        where T : unmanaged
    {
        if (packetBytes > MaxPacketBytes)
        {
            return -Errno.EINVAL;
        }

        if (packetBytes > packet.Length)
        {
            return -Errno.EFAULT;
        }

        int cpu = ManagedExecution.Cpu;
        long slot = index == CurrentCpu ? cpu : index;
        if (slot >= Slots)
        {
            return -Errno.E2BIG;
        }

        if (slot != cpu)
        {
            return -Errno.EOPNOTSUPP;
        }

        var bytes = new byte[sizeof(T) + packetBytes];
        fixed (T* p = &record)
        {
            new ReadOnlySpan<byte>(p, sizeof(T)).CopyTo(bytes);
        }

        packet[..(int)packetBytes].CopyTo(bytes.AsSpan(sizeof(T)));
        if (!recordsByCpu.TryGetValue(cpu, out var records))
        {
            recordsByCpu[cpu] = records = [];
        }

        records.Add(bytes);
        return 0;
    }
}
