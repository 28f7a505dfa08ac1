using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Loader.Tests;

/// <summary>The undo stack behind "a failed load or attach leaves nothing behind".</summary>
public sealed class RollbackTests
{
    [Fact]
    public void Undo_steps_run_newest_first_when_not_committed()
    {
        var order = new List<string>();
        using (var rollback = new Rollback(NullLogger.Instance))
        {
            rollback.Add("pin", () => order.Add("unpin"));
            rollback.Add("attach", () => order.Add("detach"));
        }

        Assert.Equal(["detach", "unpin"], order);
    }

    [Fact]
    public void Commit_keeps_every_step()
    {
        var undone = false;
        using (var rollback = new Rollback(NullLogger.Instance))
        {
            rollback.Add("attach", () => undone = true);
            rollback.Commit();
        }

        Assert.False(undone);
    }

    [Fact]
    public void A_failing_undo_does_not_stop_the_others_and_owned_resources_are_released_last()
    {
        var order = new List<string>();
        using (var rollback = new Rollback(NullLogger.Instance))
        {
            rollback.Own(new Disposable(() => order.Add("close")));
            rollback.Add("pin", () => order.Add("unpin"));
            rollback.Add("attach", () => throw new LoaderException(LoaderErrorKind.Failed, "gone"));
        }

        Assert.Equal(["unpin", "close"], order);
    }

    private sealed class Disposable(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
