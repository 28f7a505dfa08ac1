using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// One traits backend per host: programs loaded by separate commands must keep traits in the same
/// place, so the first load records its backend beside the trait registry and a program compiled for
/// another is refused with one sentence until no program uses traits and <c>traits --gc</c> clears it
/// (<c>LoaderSide/Scripts/stash-backend.sh</c>, in a BPF filesystem of its own).
/// </summary>
public sealed class HostBackendTests(ITestOutputHelper output)
{
    [Fact]
    public void AProgramForAnotherBackendIsRefusedUntilTheRecordIsCleared()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "LoaderSide", "Scripts", "stash-backend.sh");
        string assembly = typeof(StashPrograms).Assembly.Location;
        var run = Command.Topology(script, Traitsbpf.Dll, assembly, $"hb{Environment.ProcessId % 10000}");
        Assert.True(run.ExitCode == 0, $"the script failed: {run.Stderr}");
        output.WriteLine(run.Stdout);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("refused 13", lines[0]);
        Assert.Equal(
            $"error: program 'stash_count' ({assembly}) was compiled for the meta traits backend, but this host keeps traits with the stash backend (since program 'stash_count' ({assembly}) was loaded); compile it with --traits stash, or detach every program that uses traits and run traitsbpf traits --gc to choose again.",
            lines[1]);
        Assert.Equal("after-gc 0", lines[^1]);
    }
}
