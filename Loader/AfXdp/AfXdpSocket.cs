using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.AfXdp;

/// <summary>
/// An AF_XDP socket bound to one queue of one interface, with its own UMEM: the frames an XDP program redirects into an
/// <c>XskMap</c> slot holding this socket (<see cref="BpfMap.UpdateSlot(uint, AfXdpSocket)"/>) arrive here, and frames
/// given to <see cref="Send"/> leave by that queue. Built on the kernel's ABI alone (socket, setsockopt, mmap, bind, poll,
/// sendto): no libxdp. The first half of the UMEM's frames receive, the second half send. One thread at a time.
/// </summary>
public sealed unsafe class AfXdpSocket : IDisposable
{
    private const int XdpMmapOffsetsOption = 1;
    private const int XdpUmemRegOption = 4;
    private const int XdpStatisticsOption = 7;
    private const ushort XdpCopy = 1 << 1;
    private const ushort XdpZeroCopy = 1 << 2;

    /// <summary>
    /// The four rings, in the order of <see cref="XdpMmapOffsets"/>: the socket option that sizes each (XDP_RX_RING, ...), its
    /// mapping's page offset (XDP_PGOFF_RX_RING, ...) and its entries (a descriptor, or a UMEM address).
    /// </summary>
    private static readonly XdpRingKind[] Rings =
    [
        new("RX", SizeOption: 2, PageOffset: 0, EntrySize: 16, o => o.rx),
        new("TX", SizeOption: 3, PageOffset: 0x80000000, EntrySize: 16, o => o.tx),
        new("fill", SizeOption: 5, PageOffset: 0x100000000, EntrySize: 8, o => o.fr),
        new("completion", SizeOption: 6, PageOffset: 0x180000000, EntrySize: 8, o => o.cr),
    ];

    /// <summary>How long <see cref="Send"/> waits for the kernel to complete an earlier frame when every sending frame is in flight.</summary>
    private static readonly TimeSpan SendFrameWait = TimeSpan.FromSeconds(1);

    private readonly FileDescriptorHandle socket;
    private readonly string name;
    private readonly Stack<ulong> freeTxFrames = new();
    private readonly uint ringSize;
    private byte* umem;
    private nuint umemLength;
    private readonly XdpRing?[] rings = new XdpRing?[Rings.Length];

    /// <summary>
    /// Creates the socket, registers its UMEM, sizes and maps its rings, puts the receiving frames on the fill ring and binds
    /// to queue <paramref name="queueId"/> of <paramref name="interfaceName"/> (in the calling thread's network namespace).
    /// </summary>
    /// <exception cref="LoaderException">
    /// The options are out of range, the interface does not exist, or a step failed: one sentence naming the step and the
    /// errno (for example EINVAL from the bind when the interface has no such queue, EOPNOTSUPP for zero-copy on a driver
    /// without it, EBUSY when another socket has the queue).
    /// </exception>
    public AfXdpSocket(string interfaceName, uint queueId, AfXdpSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        options ??= new AfXdpSocketOptions();
        Validate(options);
        InterfaceName = interfaceName;
        QueueId = queueId;
        Mode = options.Mode;
        FrameSize = options.FrameSize;
        FrameCount = options.FrameCount;
        ringSize = (uint)FrameCount / 2;
        name = $"the AF_XDP socket for queue {queueId} of {interfaceName}";
        InterfaceIndex = NetworkInterfaces.IndexOf(interfaceName);

        int fd = LibC.socket(LibC.AF_XDP, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw AfXdpErrors.Failed($"creating {name}", errno,
                errno == Errno.EAFNOSUPPORT ? "this kernel has no AF_XDP sockets (CONFIG_XDP_SOCKETS)" : errno == Errno.EPERM ? "it takes CAP_NET_RAW" : null);
        }

        socket = new FileDescriptorHandle(fd);
        try
        {
            RegisterUmem();
            MapRings();
            for (uint frame = 0; frame < ringSize; frame++)
                *Fill!.ProducerEntry<ulong>(frame) = frame * (ulong)FrameSize;
            Fill!.Produce(ringSize);
            for (uint frame = (uint)FrameCount; frame-- > ringSize;)
                freeTxFrames.Push(frame * (ulong)FrameSize);
            Bind();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private XdpRing? Rx => rings[0];

    private XdpRing? Tx => rings[1];

    private XdpRing? Fill => rings[2];

    private XdpRing? Completion => rings[3];

    /// <summary>The interface the socket is bound to.</summary>
    public string InterfaceName { get; }

    /// <summary>Its index, resolved when the socket was created.</summary>
    public int InterfaceIndex { get; }

    /// <summary>The queue the socket is bound to: an XDP program redirects a frame here only when it arrived on this queue.</summary>
    public uint QueueId { get; }

    /// <summary>Copy or zero-copy.</summary>
    public AfXdpBindMode Mode { get; }

    /// <summary>The size of one UMEM frame: the longest frame received or sent.</summary>
    public int FrameSize { get; }

    /// <summary>The UMEM's frames, half receiving, half sending.</summary>
    public int FrameCount { get; }

    /// <summary>The socket's descriptor, which an XskMap slot holds.</summary>
    public int Fd => socket.Fd;

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for frames, then hands each received frame to <paramref name="handler"/> in place,
    /// in arrival order, and gives them all back to the fill ring; returns how many there were (0 when none came in time).
    /// </summary>
    /// <exception cref="LoaderException">poll(2) failed.</exception>
    public int Receive(AfXdpFrameHandler handler, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(Rx is null, this);
        if (Rx.Available == 0 && !WaitForFrames(timeout))
            return 0;

        uint count = Rx.Available;
        try
        {
            for (uint i = 0; i < count; i++)
            {
                XdpDesc* descriptor = Rx.ConsumerEntry<XdpDesc>(i);
                handler(new ReadOnlySpan<byte>(umem + descriptor->addr, (int)descriptor->len));
            }
        }
        finally
        {
            // The Fill ring has an entry for every receiving frame, so there is always room to give them back.
            ulong frameMask = ~((ulong)FrameSize - 1);
            for (uint i = 0; i < count; i++)
                *Fill!.ProducerEntry<ulong>(i) = Rx.ConsumerEntry<XdpDesc>(i)->addr & frameMask;
            Rx.Consume(count);
            Fill!.Produce(count);
        }

        return (int)count;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for frames and returns a copy of each, in arrival order (none when none came in time).</summary>
    /// <exception cref="LoaderException">poll(2) failed.</exception>
    public List<byte[]> Receive(TimeSpan timeout)
    {
        var frames = new List<byte[]>();
        Receive(frame => frames.Add(frame.ToArray()), timeout);
        return frames;
    }

    /// <summary>
    /// Sends <paramref name="frame"/> (from its Ethernet header) out of the bound queue: copies it into a sending frame of the
    /// UMEM, puts it on the TX ring and wakes the kernel with sendto(2) until it has taken the frame from the ring (up to a
    /// second). Frames the kernel has completed are reclaimed first; when all are still in flight, waits up to a second for one.
    /// </summary>
    /// <exception cref="LoaderException">The frame is longer than <see cref="FrameSize"/>, no sending frame came free, the kernel did not take it, or sendto(2) failed.</exception>
    public void Send(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(Tx is null, this);
        if (frame.Length > FrameSize)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"a {frame.Length}-byte frame does not fit in a {FrameSize}-byte UMEM frame of {name}");
        ulong address = TakeTxFrame();
        frame.CopyTo(new Span<byte>(umem + address, frame.Length));
        XdpDesc* descriptor = Tx.ProducerEntry<XdpDesc>(0);
        *descriptor = new XdpDesc { addr = address, len = (uint)frame.Length };
        Tx.Produce(1);
        var deadline = DateTime.UtcNow + SendFrameWait;
        for (Kick(); Tx.Free < Tx.Size; Kick())
        {
            if (DateTime.UtcNow > deadline)
                throw new LoaderException(LoaderErrorKind.Failed, $"the kernel has not taken the frame from the TX ring of {name} after {SendFrameWait.TotalSeconds:0} s");
            Thread.Sleep(1);
        }
    }

    /// <summary>The socket's drop counters (XDP_STATISTICS).</summary>
    /// <exception cref="LoaderException">getsockopt(2) failed.</exception>
    public AfXdpStatistics Statistics()
    {
        XdpStatistics statistics = default;
        uint length = (uint)sizeof(XdpStatistics);
        if (LibC.getsockopt(Fd, LibC.SOL_XDP, XdpStatisticsOption, &statistics, &length) != 0)
            throw AfXdpErrors.Failed($"reading the statistics of {name}", Marshal.GetLastPInvokeError());
        return new AfXdpStatistics(statistics.rx_dropped, statistics.rx_invalid_descs, statistics.tx_invalid_descs,
            statistics.rx_ring_full, statistics.rx_fill_ring_empty_descs, statistics.tx_ring_empty_descs);
    }

    /// <summary>Unmaps the rings, closes the socket (which takes it out of any XskMap slot) and unmaps the UMEM; a second call does nothing.</summary>
    public void Dispose()
    {
        for (int i = 0; i < rings.Length; i++)
        {
            rings[i]?.Dispose();
            rings[i] = null;
        }

        socket?.Dispose();
        if (umem != null)
            _ = LibC.munmap(umem, umemLength);
        umem = null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"AF_XDP socket on {InterfaceName} queue {QueueId} ({Mode}, {FrameCount} frames of {FrameSize} B)";

    private static void Validate(AfXdpSocketOptions options)
    {
        if (options.FrameSize is not (2048 or 4096))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"an AF_XDP socket's frames are 2048 or 4096 bytes, not {options.FrameSize}");
        if (options.FrameCount < 2 || options.FrameCount > 1 << 20 || (options.FrameCount & (options.FrameCount - 1)) != 0)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"an AF_XDP socket's frame count is a power of two from 2 to {1 << 20}, not {options.FrameCount}");
        if (!Enum.IsDefined(options.Mode))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{options.Mode} is not an AF_XDP bind mode");
    }

    private void RegisterUmem()
    {
        umemLength = (nuint)FrameCount * (nuint)FrameSize;
        // An anonymous mapping is page-aligned, as the kernel requires of a UMEM.
        void* memory = LibC.mmap(null, umemLength, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        string what = $"the UMEM of {name} ({FrameCount} frames of {FrameSize} bytes)";
        if (memory == (void*)-1)
            throw AfXdpErrors.Failed($"allocating {what}", Marshal.GetLastPInvokeError());
        umem = (byte*)memory;
        var registration = new XdpUmemReg { addr = (ulong)umem, len = umemLength, chunk_size = (uint)FrameSize };
        SetOption(XdpUmemRegOption, &registration, (uint)sizeof(XdpUmemReg), $"registering {what}");
    }

    private void MapRings()
    {
        uint size = ringSize;
        foreach (var ring in Rings)
            SetOption(ring.SizeOption, &size, sizeof(uint), $"sizing the {ring.Name} ring of {name} to {size} entries");

        XdpMmapOffsets offsets = default;
        uint length = (uint)sizeof(XdpMmapOffsets);
        if (LibC.getsockopt(Fd, LibC.SOL_XDP, XdpMmapOffsetsOption, &offsets, &length) != 0)
            throw AfXdpErrors.Failed($"reading the ring offsets of {name}", Marshal.GetLastPInvokeError());
        for (int i = 0; i < Rings.Length; i++)
            rings[i] = XdpRing.Map(Fd, Rings[i].Offsets(offsets), size, Rings[i].EntrySize, Rings[i].PageOffset, $"mapping the {Rings[i].Name} ring of {name}");
    }

    private void Bind()
    {
        var address = new SockaddrXdp
        {
            sxdp_family = LibC.AF_XDP,
            sxdp_flags = Mode == AfXdpBindMode.Copy ? XdpCopy : XdpZeroCopy,
            sxdp_ifindex = (uint)InterfaceIndex,
            sxdp_queue_id = QueueId,
        };
        if (LibC.bind(Fd, &address, (uint)sizeof(SockaddrXdp)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw AfXdpErrors.Failed($"binding {name} in {(Mode == AfXdpBindMode.Copy ? "copy" : "zero-copy")} mode", errno,
                AfXdpErrors.BindMeaning(errno, InterfaceName, QueueId, Mode, FrameSize));
        }
    }

    private void SetOption(int option, void* value, uint length, string step)
    {
        if (LibC.setsockopt(Fd, LibC.SOL_XDP, option, value, length) != 0)
            throw AfXdpErrors.Failed(step, Marshal.GetLastPInvokeError());
    }

    private bool WaitForFrames(TimeSpan timeout)
    {
        var poll = new PollFd { fd = Fd, events = LibC.POLLIN };
        int ready = LibC.poll(&poll, 1, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        if (ready < 0 && Marshal.GetLastPInvokeError() is var errno && errno != Errno.EINTR)
            throw AfXdpErrors.Failed($"waiting for frames on {name}", errno);
        return Rx!.Available > 0;
    }

    /// <summary>A sending frame the kernel is done with: reclaimed from the completion ring, waiting for one while all are in flight.</summary>
    private ulong TakeTxFrame()
    {
        var deadline = DateTime.UtcNow + SendFrameWait;
        while (true)
        {
            uint completed = Completion!.Available;
            for (uint i = 0; i < completed; i++)
                freeTxFrames.Push(*Completion.ConsumerEntry<ulong>(i));
            Completion.Consume(completed);
            if (freeTxFrames.Count > 0 && Tx!.Free > 0)
                return freeTxFrames.Pop();
            if (DateTime.UtcNow > deadline)
                throw new LoaderException(LoaderErrorKind.Failed, $"all {ringSize} sending frames of {name} are still in flight after {SendFrameWait.TotalSeconds:0} s: the kernel has not completed them");
            Kick();
            Thread.Sleep(1);
        }
    }

    /// <summary>
    /// Wakes the kernel to send what is on the TX ring (in copy mode it sends only when asked). EAGAIN, EBUSY and ENOBUFS
    /// mean it could not take everything now; what stays on the ring goes with the next kick.
    /// </summary>
    private void Kick()
    {
        if (LibC.sendto(Fd, null, 0, LibC.MSG_DONTWAIT, null, 0) >= 0)
            return;
        int errno = Marshal.GetLastPInvokeError();
        if (errno is not (Errno.EAGAIN or Errno.EBUSY or Errno.ENOBUFS or Errno.EINTR))
            throw AfXdpErrors.Failed($"waking {name} to send", errno);
    }
}
