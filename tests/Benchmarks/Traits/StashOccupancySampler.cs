using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>Counts the stash's entries every 10 ms on a thread of its own while a flood runs.</summary>
public sealed class StashOccupancySampler : IDisposable
{
    private const int SampleMilliseconds = 10;

    private readonly HostTraitStash _stash;
    private readonly CancellationTokenSource _done = new();
    private readonly Task _sampling;
    private int _peak;
    private long _sum;
    private int _samples;

    /// <summary>Starts sampling <paramref name="stash"/>.</summary>
    public StashOccupancySampler(HostTraitStash stash)
    {
        _stash = stash;
        _sampling = Task.Run(Sample);
    }

    /// <summary>Stops sampling and returns the figures: the entries left and the refusals are read now.</summary>
    public StashOccupancy Finish(double bytesPerEntry)
    {
        Stop();
        var state = _stash.State() ?? throw new InvalidOperationException("the stash disappeared during the flood");
        return new StashOccupancy(_peak, _samples == 0 ? 0 : (double)_sum / _samples, _samples, state.Entries, state.Refused, state.Capacity, bytesPerEntry);
    }

    /// <summary>Stops sampling.</summary>
    public void Dispose()
    {
        Stop();
        _done.Dispose();
    }

    /// <summary>Stops sampling at the end of the flood, before the entries left are read.</summary>
    public void Stop()
    {
        if (!_done.IsCancellationRequested)
        {
            _done.Cancel();
            _sampling.Wait();
        }
    }

    private void Sample()
    {
        while (!_done.IsCancellationRequested)
        {
            int entries = _stash.State()?.Entries ?? 0;
            _peak = Math.Max(_peak, entries);
            _sum += entries;
            _samples++;
            Thread.Sleep(SampleMilliseconds);
        }
    }
}
