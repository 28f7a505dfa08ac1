using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>
/// Reads a perf event array (BPF_MAP_TYPE_PERF_EVENT_ARRAY) through libbpf's perf buffer: creating it opens a
/// BPF-output perf event on every online CPU, puts each event's descriptor in the CPU's slot of the map and maps
/// its ring of <c>pagesPerCpu</c> pages; from then on programs' records collect there until read. Records the kernel
/// had no room for are counted as lost (the kernel reports them once room is free again). Disposing closes the
/// events and empties the slots, after which outputs fail with -ENOENT.
/// </summary>
public sealed unsafe class PerfBufferReader : IDisposable
{
    private readonly List<PerfEventRecord> pending = [];
    private GCHandle self;
    private nint buffer;

    /// <summary>Opens the perf buffer of the map <paramref name="fd"/>, <paramref name="pagesPerCpu"/> data pages per CPU (a power of two).</summary>
    /// <exception cref="LoaderException">libbpf cannot open the events or fill the map.</exception>
    public PerfBufferReader(int fd, int pagesPerCpu = 8)
    {
        if (pagesPerCpu <= 0 || (pagesPerCpu & (pagesPerCpu - 1)) != 0)
            throw new ArgumentException("A perf buffer has a power of two of pages per CPU.", nameof(pagesPerCpu));
        self = GCHandle.Alloc(this);
        buffer = Native.perf_buffer__new(fd, (nuint)pagesPerCpu, &OnSample, &OnLost, GCHandle.ToIntPtr(self), null);
        if (buffer == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            self.Free();
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot open a perf buffer on map fd {fd}: {Errno.Describe(errno)}");
        }
    }

    /// <summary>Samples the kernel reported lost since the reader opened: records a program wrote while its CPU's buffer was full.</summary>
    public ulong LostSamples { get; private set; }

    /// <summary>Waits up to <paramref name="timeout"/> for records on any CPU, then returns those read (oldest first per CPU).</summary>
    public List<PerfEventRecord> Poll(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(buffer == 0, this);
        int result = Native.perf_buffer__poll(buffer, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        return Take(result, "poll");
    }

    /// <summary>The records every CPU's buffer holds now, without waiting; they are then consumed.</summary>
    public List<PerfEventRecord> Drain()
    {
        ObjectDisposedException.ThrowIf(buffer == 0, this);
        return Take(Native.perf_buffer__consume(buffer), "consume");
    }

    /// <summary>Closes the perf events and unmaps their buffers.</summary>
    public void Dispose()
    {
        if (buffer != 0)
            Native.perf_buffer__free(buffer);
        buffer = 0;
        if (self.IsAllocated)
            self.Free();
    }

    private List<PerfEventRecord> Take(int result, string operation)
    {
        // A signal interrupting the wait (-EINTR) is not a failure: what arrived so far is returned.
        const int EINTR = 4;
        if (result < 0 && result != -EINTR)
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot {operation} the perf buffer: {Errno.Describe(result)}");
        var records = pending.ToList();
        pending.Clear();
        return records;
    }

    [UnmanagedCallersOnly]
    private static void OnSample(nint context, int cpu, void* data, uint size)
    {
        var reader = (PerfBufferReader)GCHandle.FromIntPtr(context).Target!;
        reader.pending.Add(new PerfEventRecord(cpu, new ReadOnlySpan<byte>(data, (int)size).ToArray()));
    }

    [UnmanagedCallersOnly]
    private static void OnLost(nint context, int cpu, ulong count)
    {
        var reader = (PerfBufferReader)GCHandle.FromIntPtr(context).Target!;
        reader.LostSamples += count;
    }
}
