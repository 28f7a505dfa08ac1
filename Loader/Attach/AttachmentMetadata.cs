using System.Buffers.Binary;
using System.Text.Json;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Object;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Stores an <see cref="AttachmentRecord"/> as JSON in a pinned one-entry BPF array map
/// (<c>attachment</c> in the pin directory). bpffs holds only BPF objects, and keeping the
/// record in one means it lives and dies with the pins it describes: nothing is written
/// outside /sys/fs/bpf/traitsbpf, no state file can disagree with the pins after a crash
/// or reboot, and removing the directory forgets the attachment.
/// The value is a little-endian u32 length followed by that many bytes of UTF-8 JSON.
/// </summary>
internal static unsafe class AttachmentMetadata
{
    private const int ValueSize = 8192;
    private const string MapName = "tbpf_attach";

    /// <summary>Creates the map holding <paramref name="record"/> and pins it at <paramref name="path"/>.</summary>
    public static void Pin(AttachmentRecord record, string path)
    {
        using var handle = PinnedDescriptor.CreateRecordMap(BpfMapType.Array, MapName, sizeof(uint), ValueSize, 1, "the attachment record");
        Write(handle.Fd, record);
        PinnedDescriptor.Pin(handle.Fd, path, "the attachment record");
    }

    /// <summary>Replaces the record in the map pinned at <paramref name="path"/>.</summary>
    public static void Update(string path, AttachmentRecord record)
    {
        using var handle = PinnedDescriptor.Open(path, "the attachment record");
        Write(handle.Fd, record);
    }

    /// <summary>Reads the record pinned at <paramref name="path"/>.</summary>
    public static AttachmentRecord Read(string path)
    {
        using var handle = PinnedDescriptor.Open(path, "the attachment record", readOnly: true);
        var value = new byte[ValueSize];
        var key = 0u;
        int rc;
        fixed (byte* v = value)
            rc = Native.bpf_map_lookup_elem(handle.Fd, &key, v);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"reading the attachment record at {path} failed: {Errno.Describe(rc)}") { Errno = -rc };
        var length = BinaryPrimitives.ReadUInt32LittleEndian(value);
        if (length == 0 || length > ValueSize - 4)
            throw new LoaderException(LoaderErrorKind.Failed, $"the attachment record at {path} is empty or corrupt");
        try
        {
            return JsonSerializer.Deserialize(value.AsSpan(4, (int)length), AttachmentJsonContext.Default.AttachmentRecord)
                ?? throw new JsonException("null record");
        }
        catch (JsonException e)
        {
            throw new LoaderException(LoaderErrorKind.Failed, $"the attachment record at {path} is corrupt: {e.Message}");
        }
    }

    private static void Write(int fd, AttachmentRecord record)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(record, AttachmentJsonContext.Default.AttachmentRecord);
        if (json.Length > ValueSize - 4)
            throw new LoaderException(LoaderErrorKind.Failed,
                $"the attachment record for '{record.Name}' is {json.Length} bytes, more than the {ValueSize - 4} it may take");
        var value = new byte[ValueSize];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)json.Length);
        json.CopyTo(value, 4);
        var key = 0u;
        int rc;
        fixed (byte* v = value)
            rc = Native.bpf_map_update_elem(fd, &key, v, 0);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"writing the attachment record failed: {Errno.Describe(rc)}") { Errno = -rc };
    }
}
