namespace TraitsBpf.Loader.Attach;

/// <summary>
/// The write-ahead record of one attach: pinned in the staging directory before the kernel is
/// touched, and updated as the attach learns things a crash would otherwise lose (that it created
/// the clsact qdisc), so that whoever finds the staging directory of a dead process can undo
/// exactly what that process did to the kernel and nothing else.
/// </summary>
internal sealed class AttachJournal
{
    private readonly string _path;

    private AttachJournal(string path, AttachmentRecord intent)
    {
        _path = path;
        Intent = intent;
    }

    /// <summary>What the attach is about to do, as last written.</summary>
    public AttachmentRecord Intent { get; private set; }

    /// <summary>Pins <paramref name="intent"/> at <paramref name="path"/>, before the kernel attach.</summary>
    public static AttachJournal Begin(string path, AttachmentRecord intent)
    {
        AttachmentMetadata.Pin(intent, path);
        return new AttachJournal(path, intent);
    }

    /// <summary>Records a change to the intent before the caller relies on it.</summary>
    public void Note(Func<AttachmentRecord, AttachmentRecord> change)
    {
        var changed = change(Intent);
        AttachmentMetadata.Update(_path, changed);
        Intent = changed;
    }
}
