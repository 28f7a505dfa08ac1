using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Loader.Loading;

/// <summary>The outcome of a <see cref="LoadSequence"/>: the loaded object and, when it attached, the attachment's record.</summary>
public sealed class LoadedObject : IDisposable
{
    private readonly IDisposable? _shield;

    internal LoadedObject(ObjectImage image, BpfObject obj, BpfProgram program, ObjectTraits? traits, AttachmentRecord? record, IDisposable? shield)
    {
        Image = image;
        Object = obj;
        Program = program;
        Traits = traits;
        Record = record;
        _shield = shield;
    }

    /// <summary>The ELF bytes the object was opened from.</summary>
    public ObjectImage Image { get; }

    /// <summary>The loaded object.</summary>
    public BpfObject Object { get; }

    /// <summary>The chosen program, loaded.</summary>
    public BpfProgram Program { get; }

    /// <summary>The packet traits the object uses, with their keys; null when it uses none.</summary>
    public ObjectTraits? Traits { get; }

    /// <summary>The device the program was bound to because it reads receive metadata; null when it is not bound.</summary>
    public DeviceBinding? Binding { get; init; }

    /// <summary>The attachment's record; null when the request had no target.</summary>
    public AttachmentRecord? Record { get; }

    /// <summary>Releases the shield, then closes the object (an attachment stays: its pins hold it).</summary>
    public void Dispose()
    {
        _shield?.Dispose();
        Object.Dispose();
    }
}
