using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// A staging directory names its writer by pid, and pids are reused: the write-ahead record's start
/// time tells a dead writer from the later process that got its pid, so interrupted work is listed
/// and repaired even when its pid is alive again, and a live writer's work is left to it.
/// </summary>
public sealed class PidReuseTests : IDisposable
{
    // pid 1 is always alive; as the writer here it stands for a pid a later process reused.
    private const int LivePid = 1;

    private readonly PrivatePinRoot _pins = new();

    [Fact]
    public void Work_of_a_dead_writer_whose_pid_was_reused_is_listed_as_interrupted_and_repaired()
    {
        var staging = Stage(writerStartTime: Processes.StartTime(LivePid)!.Value + 1);
        var attachments = new Attachments(_pins.Root, NullLogger.Instance);

        var status = Assert.Single(attachments.List());
        Assert.Equal(AttachmentState.Interrupted, status.State);

        var report = attachments.Repair();
        Assert.Contains(report.Actions, a => a.StartsWith("removed ", StringComparison.Ordinal) && a.Contains("died while attaching", StringComparison.Ordinal));
        Assert.False(Directory.Exists(staging));
        Assert.Empty(attachments.List());
    }

    [Fact]
    public void Work_of_a_live_writer_is_not_listed_as_interrupted()
    {
        Stage(writerStartTime: Processes.StartTime(LivePid)!.Value);

        Assert.Empty(new Attachments(_pins.Root, NullLogger.Instance).List());
    }

    public void Dispose() => _pins.Dispose();

    private string Stage(ulong writerStartTime)
    {
        BpfFileSystem.CreatePrivateDirectory(_pins.Root);
        var staging = Path.Combine(_pins.Root, $"{PinLayout.StagingPrefix}tbx-xdp-{LivePid}");
        BpfFileSystem.CreatePrivateDirectory(staging);
        var here = NamespaceIdentity.Current();
        // An XDP link attach that never pinned its link: nothing of it is left in the kernel.
        AttachmentMetadata.Pin(new AttachmentRecord
        {
            Name = "tbx-xdp", Interface = "lo", InterfaceIndex = 1, NetworkNamespace = here.Inode, NetworkNamespaceCookie = here.Cookie,
            Hook = AttachHook.Xdp, XdpMode = XdpMode.Generic, Method = AttachMethod.XdpLink, Program = "p", ProgramId = 0,
            Source = "p.o", Maps = [], AttachedAt = DateTimeOffset.UnixEpoch, WriterStartTime = writerStartTime,
        }, Path.Combine(staging, PinLayout.MetadataPin));
        return staging;
    }
}
