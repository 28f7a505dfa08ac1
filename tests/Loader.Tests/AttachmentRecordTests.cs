using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>Attachment records written by earlier versions of traitsbpf stay readable.</summary>
public sealed class AttachmentRecordTests : IDisposable
{
    // As the version before LinkId wrote it (docs/loader.md at that time).
    private const string RecordWithoutLinkId = """
        {"Version":1,"Name":"old-xdp","Interface":"tbgone0","InterfaceIndex":2147483000,
        "NetworkNamespace":4026532246,"Hook":"Xdp","XdpMode":"Native","Method":"XdpLink",
        "TcHandle":0,"TcPriority":0,"OwnsQdisc":false,"Program":"xdp_count","ProgramId":9520,
        "Source":"demo/counter.o","Maps":["counters"],"AttachedAt":"2026-11-22T05:45:14+00:00"}
        """;

    private readonly PrivatePinRoot _pins = new();

    [Fact]
    public void A_record_without_a_link_id_is_listed_with_link_id_0()
    {
        var directory = Path.Combine(_pins.Root, "old-xdp");
        BpfFileSystem.CreatePrivateDirectory(_pins.Root);
        BpfFileSystem.CreatePrivateDirectory(directory);
        var metadata = Path.Combine(directory, PinLayout.MetadataPin);
        AttachmentMetadata.Pin(new AttachmentRecord
        {
            Name = "placeholder", Interface = "", InterfaceIndex = 0, NetworkNamespace = 0, Hook = AttachHook.Xdp, Method = AttachMethod.XdpLink,
            Program = "", ProgramId = 0, Source = "", Maps = [], AttachedAt = DateTimeOffset.UnixEpoch,
        }, metadata);
        using (var map = PinnedMap.Open(metadata))
        {
            var json = Encoding.UTF8.GetBytes(RecordWithoutLinkId);
            var value = new byte[map.ValueSize];
            BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)json.Length);
            json.CopyTo(value, 4);
            map.Update(new byte[4], value);
        }

        var status = Assert.Single(new Attachments(_pins.Root, NullLogger.Instance).List());

        Assert.Equal("old-xdp", status.Record.Name);
        Assert.Equal(9520u, status.Record.ProgramId);
        Assert.Equal(0u, status.Record.LinkId);
        // Recorded in a namespace that nothing on this host holds (and without a link pin to ask).
        Assert.Equal(AttachmentState.NamespaceGone, status.State);
    }

    public void Dispose() => _pins.Dispose();
}
