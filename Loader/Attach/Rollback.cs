using Microsoft.Extensions.Logging;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Undo steps for a multi-step change to the kernel and the pins: each step registers
/// how to reverse itself, and unless <see cref="Commit"/> is reached, disposing runs the
/// undo steps newest first, so a failed load or attach leaves nothing behind.
/// </summary>
internal sealed class Rollback(ILogger logger) : IDisposable
{
    private readonly Stack<(string What, Action Undo)> _steps = new();
    private readonly List<IDisposable> _owned = [];
    private bool _committed;

    public void Add(string what, Action undo) => _steps.Push((what, undo));

    /// <summary>Keeps <paramref name="resource"/> open until the change is finished, whichever way it ends.</summary>
    public T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public void Commit() => _committed = true;

    public void Dispose()
    {
        if (!_committed)
            Undo();
        foreach (var resource in _owned)
            resource.Dispose();
    }

    private void Undo()
    {
        while (_steps.TryPop(out var step))
        {
            try
            {
                step.Undo();
                logger.LogDebug("rolled back: {Step}", step.What);
            }
            catch (Exception e) when (e is LoaderException or IOException or UnauthorizedAccessException)
            {
                // Keep undoing the rest; the original failure is what the caller reports.
                logger.LogWarning("could not roll back {Step}: {Message}", step.What, e.Message);
            }
        }
    }
}
